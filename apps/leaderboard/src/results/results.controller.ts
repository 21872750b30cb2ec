import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Public, Roles } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { PageQueryDto, ResultsExportQueryDto } from './dto/results.dto';
import { ResultsService } from './results.service';

@ApiTags('results')
@Controller('rounds/:roundId')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Roles('judge')
  @ApiBearerAuth()
  @Post('finalize')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finalize after close: true prediction value frozen, official ranking stored, results SHA-256' })
  finalize(@Param('roundId', RoundIdPipe) roundId: string, @CurrentUser() user: AccessClaimsV1) {
    return this.results.finalize(roundId, user.sub);
  }

  @Roles('judge')
  @ApiBearerAuth()
  @Post('recompute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compute the official ranking again (logged); says whether it is the same' })
  recompute(@Param('roundId', RoundIdPipe) roundId: string, @CurrentUser() user: AccessClaimsV1) {
    return this.results.recompute(roundId, user.sub);
  }

  @Roles('judge', 'organizer', 'admin')
  @ApiBearerAuth()
  @Get('computations')
  @ApiOperation({ summary: 'The append-only log of every computation of the ranking, with input and output hashes' })
  computations(@Param('roundId', RoundIdPipe) roundId: string) {
    return this.results.history(roundId);
  }

  @Public()
  @Get('final')
  @ApiOperation({ summary: 'The published official ranking (masked names), the true value and the results file’s SHA-256' })
  published(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: PageQueryDto, @CurrentUser() user?: AccessClaimsV1) {
    return this.results.published(roundId, q.limit ?? 20, q.offset ?? 0, user);
  }

  @Roles('judge', 'organizer', 'admin')
  @ApiBearerAuth()
  @Get('results')
  @ApiOperation({ summary: 'The official results file (CSV or XLSX, formula-safe); SHA-256 in x-content-sha256, the published file’s in x-results-sha256' })
  async export(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: ResultsExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.results.exportFile(roundId, q.format ?? 'csv');
    await reply
      .header('content-type', file.type)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('x-content-sha256', file.sha256)
      .header('x-results-sha256', file.resultsSha256)
      .send(file.body);
  }
}
