import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Roles } from '@hoi-thi/platform';
import { toVnIso } from '../common/vn-time';
import { AuditRepository } from './audit.repository';

export class AuditQueryDto {
  @IsOptional() @IsUUID() entityId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

/** The question bank's audit log (every organizer action), newest first. */
@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller('question-bank/audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  async list(@Query() q: AuditQueryDto) {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const items = await this.audit.list({ entityId: q.entityId, limit, offset });
    return { items: items.map((i) => ({ ...i, at: toVnIso(i.at) })), limit, offset };
  }
}
