import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { HotAuth, registerHotRoute, registerOpenApiPaths } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { BoardReadService } from './board-read.service';

const problem = { description: 'problem+json', content: { 'application/problem+json': { schema: { type: 'object' } } } };
registerOpenApiPaths('leaderboard', {
  '/api/rounds/{roundId}/leaderboard/me': {
    get: {
      tags: ['leaderboard'],
      summary: 'My exact rank (round, unit, province) and the entries around me',
      security: [{ bearer: [] }],
      parameters: [{ name: 'roundId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        200: { description: '{roundId, total, entry, around:[…], unit:{unitId, rank, position, total}|null, province:{…}|null}; entry null before my first submission' },
        400: problem,
        401: problem,
        403: problem,
        404: problem,
      },
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
  ) {
  }

  onModuleInit(): void {
    registerHotRoute(this.host.httpAdapter?.getInstance<FastifyInstance>(), this.auth, {
      method: 'GET',
      url: '/api/rounds/:roundId/leaderboard/me',
      role: 'contestant',
      handle: async (req, user) => JSON.stringify(await this.reads.me(RoundIdPipe.transform((req.params as { roundId: string }).roundId), user)),
    });
  }
}
