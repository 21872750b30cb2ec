import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { QuestionBankAuditPageV1 } from '@hoi-thi/contracts';
import { Returns, Roles } from '@hoi-thi/platform';
import { PageQueryDto } from '../banks/dto/bank.dto';
import { decodeCursor, isSeq, pageOf } from '../common/page-cursor';
import { toVnIso } from '../common/vn-time';
import { AuditRepository } from './audit.repository';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the entries about this bank, question, contest or round' })
  @IsOptional()
  @IsUUID()
  entityId?: string;
}

/** The question bank's audit log (every organizer action), newest first. */
@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller('question-bank/audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log of banks, questions, contests and rounds, newest first',
    description: 'Keyset-paged: `?limit=` (1–200, default 50), `?cursor=`.',
  })
  @Returns(QuestionBankAuditPageV1)
  async list(@Query() q: AuditQueryDto): Promise<QuestionBankAuditPageV1> {
    const limit = q.limit ?? 50;
    const beforeId = q.cursor ? decodeCursor(q.cursor, (p) => p.length === 1 && isSeq(p[0]))[0] : undefined;
    const page = pageOf(await this.audit.list({ entityId: q.entityId, limit: limit + 1, beforeId }), limit, (last) => [last.id]);
    return { items: page.items.map((i) => ({ ...i, id: Number(i.id), at: toVnIso(i.at) })), nextCursor: page.nextCursor };
  }
}
