import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessClaimsV1, BoardPageV1, BoardStatsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Fails, Public, Returns, Roles } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { BoardReadService, JsonOf } from './board-read.service';
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
  @ApiOperation({
    summary: 'Live board (masked names): the top 100 from a snapshot at most a second old, deeper pages and unit/province boards live',
    description:
      'A position window of a moving ranking: `?offset=` (0-based position) and `?limit=` (1–100, default 20), `?unitId=` or ' +
      '`?province=` for a unit’s or a province’s board. Public unless the contest keeps its board for signed-in users (401).',
  })
  // Built as JSON text (the top pages are cached as bytes, see board-fast-path.ts), from a BoardPageV1 value.
  @Returns(BoardPageV1)
  @Fails(401, '`auth.unauthorized`: the contest keeps its board for signed-in users and the request has no valid token')
  page(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: BoardQueryDto, @CurrentUser() user?: AccessClaimsV1): Promise<JsonOf<BoardPageV1>> {
    return this.reads.pageJson(roundId, { limit: q.limit ?? 20, offset: q.offset ?? 0, unitId: q.unitId?.toLowerCase(), province: q.province }, user);
  }

  // GET leaderboard/me is served on Fastify directly: my-rank-route.ts.

  @Roles('judge', 'organizer', 'admin')
  @ApiBearerAuth()
  @Get('stats')
  @ApiOperation({ summary: 'Counters, score histogram, submissions per minute, participation by unit (count and share of members) and province' })
  @Returns(BoardStatsV1)
  stats(@Param('roundId', RoundIdPipe) roundId: string): Promise<BoardStatsV1> {
    return this.reads.stats(roundId);
  }
}
