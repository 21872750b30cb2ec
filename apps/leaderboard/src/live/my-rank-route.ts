import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokens, HotAuth, ProblemException, registerOpenApiPaths, sendProblem } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { BoardReadService } from './board-read.service';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

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
  private readonly auth: HotAuth;

  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(AccessTokens) tokens: AccessTokens,
    private readonly reads: BoardReadService,
  ) {
    this.auth = new HotAuth(tokens);
  }

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.route !== 'function') return;
    fastify.route({
      method: 'GET',
      url: '/api/rounds/:roundId/leaderboard/me',
      ...({ helmet: false } as Record<string, unknown>), // JSON only: helmet's HTML header set is skipped (JSON_HEADERS)
      handler: (req, reply) => this.me(req, reply),
    });
  }

  private async me(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const user = await this.auth.authenticate(req);
      if (!user.roles.includes('contestant')) throw new ProblemException('auth.forbidden');
      const roundId = RoundIdPipe.transform((req.params as { roundId: string }).roundId);
      const body = JSON.stringify(await this.reads.me(roundId, user));
      await reply.headers(JSON_HEADERS).send(body);
    } catch (e) {
      sendProblem(req, reply, e);
    }
  }
}
