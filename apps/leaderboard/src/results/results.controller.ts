import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessClaimsV1, ComputationListV1, ComputationV1, FinalResultsV1, RESULTS_FILE_HEADERS } from '@hoi-thi/contracts';
import { CurrentUser, Fails, Public, Returns, Roles } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { PageQueryDto, ResultsExportQueryDto } from './dto/results.dto';
import { ResultsService } from './results.service';

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const file = { schema: { type: 'string', format: 'binary' } };

@ApiTags('results')
@Controller('rounds/:roundId')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Roles('judge')
  @ApiBearerAuth()
  @Post('finalize')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finalize after close: true prediction value frozen, official ranking stored, results SHA-256' })
  @Returns(ComputationV1)
  @Fails(409, '`leaderboard.round-not-closed`: the round has not closed yet; `leaderboard.round-already-finalized`: finalized before (recompute instead)')
  finalize(@Param('roundId', RoundIdPipe) roundId: string, @CurrentUser() user: AccessClaimsV1): Promise<ComputationV1> {
    return this.results.finalize(roundId, user.sub);
  }

  @Roles('judge')
  @ApiBearerAuth()
  @Post('recompute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compute the official ranking again (logged); says whether it is the same' })
  @Returns(ComputationV1)
  @Fails(409, '`leaderboard.round-not-finalized`: there is no official ranking to compute again')
  recompute(@Param('roundId', RoundIdPipe) roundId: string, @CurrentUser() user: AccessClaimsV1): Promise<ComputationV1> {
    return this.results.recompute(roundId, user.sub);
  }

  @Roles('judge', 'organizer', 'admin')
  @ApiBearerAuth()
  @Get('computations')
  @ApiOperation({ summary: 'The append-only log of every computation of the ranking, with input and output hashes (oldest first, one page)' })
  @Returns(ComputationListV1)
  computations(@Param('roundId', RoundIdPipe) roundId: string): Promise<ComputationListV1> {
    return this.results.history(roundId);
  }

  @Public()
  @Get('final')
  @ApiOperation({
    summary: 'The published official ranking (masked names), the true value and the results file’s SHA-256',
    description: 'In position order, `?limit=` (1–200, default 50) entries a page; `?cursor=` the previous page’s `nextCursor`.',
  })
  @Returns(FinalResultsV1)
  @Fails(409, '`leaderboard.round-not-finalized`: the round has no official ranking yet')
  published(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: PageQueryDto, @CurrentUser() user?: AccessClaimsV1): Promise<FinalResultsV1> {
    return this.results.published(roundId, q.limit ?? 50, q.cursor, user);
  }

  @Roles('judge', 'organizer', 'admin')
  @ApiBearerAuth()
  @Get('results')
  @ApiOperation({
    summary: 'The official results file (CSV or XLSX, formula-safe)',
    description:
      `A download (\`content-disposition: attachment\`), not JSON. \`${RESULTS_FILE_HEADERS.contentSha256}\`: SHA-256 of the bytes sent ` +
      `(for the CSV, the stored results SHA-256); \`${RESULTS_FILE_HEADERS.resultsSha256}\`: the official CSV’s, whatever the format.`,
  })
  @ApiProduces(CSV, XLSX)
  @ApiResponse({
    status: 200,
    description: 'the file: CSV (RFC 4180, CRLF, one line per position) for `format=csv` (default), XLSX for `format=xlsx`',
    content: { [CSV]: file, [XLSX]: file },
    headers: {
      'content-disposition': { description: 'attachment; filename="ket-qua-{roundId}.csv|xlsx"', schema: { type: 'string' } },
      [RESULTS_FILE_HEADERS.contentSha256]: { description: 'SHA-256 (hex) of the bytes sent', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
      [RESULTS_FILE_HEADERS.resultsSha256]: {
        description: 'SHA-256 (hex) of the official CSV results file',
        schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
  })
  @Fails(409, '`leaderboard.round-not-finalized`: the round has no official ranking yet')
  async export(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: ResultsExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.results.exportFile(roundId, q.format ?? 'csv');
    await reply
      .header('content-type', file.type)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header(RESULTS_FILE_HEADERS.contentSha256, file.sha256)
      .header(RESULTS_FILE_HEADERS.resultsSha256, file.resultsSha256)
      .send(file.body);
  }
}
