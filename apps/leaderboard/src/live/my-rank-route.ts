import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MyRankV1, ProblemV1 } from '@hoi-thi/contracts';
import { contractRef, declareHotRoute, HotAuth, registerHotRoute } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { BoardReadService, jsonOf } from './board-read.service';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: contractRef(ProblemV1) } } });
/** GET /api/rounds/:roundId/leaderboard/me (docs/adr/0005-hot-routes.md). */
export const MY_RANK_ROUTE = declareHotRoute({
  service: 'leaderboard',
  method: 'GET',
  url: '/api/rounds/:roundId/leaderboard/me',
  role: 'contestant',
  openapi: {
    tags: ['leaderboard'],
    summary: 'My exact rank (round, unit, province) and the entries around me',
    description: 'Exact (ZREVRANK and ZCOUNT) and of one moment: one Redis script call. `entry` is null, `around` empty, until my first submission is ranked.',
    security: [{ bearer: [] }],
    parameters: [{ name: 'roundId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    responses: {
      200: { description: 'my rank', content: { 'application/json': { schema: contractRef(MyRankV1) } } },
      400: problem('`leaderboard.field.round-id`: not a uuid'),
      401: problem('`auth.unauthorized`: no valid access token'),
      403: problem('`auth.forbidden`: not a contestant'),
      404: problem('`leaderboard.round-not-found`: no such round, or its contest is not published'),
      503: problem('a dependency is unavailable; retry after `Retry-After`'),
    },
  },
});

/**
 * GET /api/rounds/:roundId/leaderboard/me — every contestant's result page asks it, often — registered on Fastify
 * directly like exam's hot routes (docs/adr/0003-hot-path.md): passport-jwt's strategy with its verified-token
 * cache (HotAuth) instead of passport's per-request framework, the same uuid check as the controllers' RoundIdPipe,
 * the contestant role, problem+json errors, and one Redis script call for the answer.
 */
@Injectable()
export class MyRankRoute implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly auth: HotAuth,
    private readonly reads: BoardReadService,
  ) {}

  onModuleInit(): void {
    // The MyRankV1 value goes out as JSON text, straight to the socket (no serializer hooks on a hot route).
    registerHotRoute(this.host.httpAdapter?.getInstance<FastifyInstance>(), this.auth, MY_RANK_ROUTE, async (req, user) =>
      jsonOf(await this.reads.me(RoundIdPipe.transform((req.params as { roundId: string }).roundId), user)),
    );
  }
}
