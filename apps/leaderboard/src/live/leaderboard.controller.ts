import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Public, Roles } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { BoardReadService } from './board-read.service';
import { BoardQueryDto } from './dto/board-query.dto';

@ApiTags('leaderboard')
@Controller('rounds/:roundId')
export class LeaderboardController {
  constructor(private readonly reads: BoardReadService) {}

  @Public()
  @Get('leaderboard')
  // JSON for every watcher's phone, about every second: helmet's header set (CSP and the like, ~730 bytes, for HTML
  // documents) is left off, as on exam's hot routes (docs/adr/0003-hot-path.md); nosniff is what a JSON answer needs.
  @RouteConfig({ securityHeaders: false })
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', 'public, max-age=1')
  @Header('x-content-type-options', 'nosniff')
  @ApiOperation({ summary: 'Live board (masked names): the top 100 from a snapshot at most a second old, deeper pages and unit/province boards live' })
  @ApiOkResponse({ description: '{roundId, total, offset, limit, unitId, province, at, entries:[{rank, position, name, unitId, unitName, province, points, correct, total, durationMs, submittedAt}]}' })
  page(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: BoardQueryDto, @CurrentUser() user?: AccessClaimsV1): Promise<string> {
    return this.reads.pageJson(roundId, { limit: q.limit ?? 20, offset: q.offset ?? 0, unitId: q.unitId?.toLowerCase(), province: q.province }, user);
  }

  // GET leaderboard/me is served on Fastify directly: my-rank-route.ts.

  @Roles('judge', 'organizer', 'admin')
  @ApiBearerAuth()
  @Get('stats')
  @ApiOperation({ summary: 'Counters, score histogram, submissions per minute, participation by unit (count and share of members) and province' })
  stats(@Param('roundId', RoundIdPipe) roundId: string) {
    return this.reads.stats(roundId);
  }
}
