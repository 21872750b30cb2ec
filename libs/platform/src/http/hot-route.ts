import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { HotAuth } from '../auth/hot-auth';
import { ProblemException } from '../errors/problem.exception';
import { sendProblem } from '../errors/problem.filter';

/** The headers of a hot route's JSON answer (helmet's HTML-oriented set is off for these routes). */
export const HOT_JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

/** A hot route's body (a save is ~100 bytes, a submit less): anything bigger is refused (413) before it is parsed. */
export const HOT_BODY_LIMIT = 4 * 1024;

/**
 * Registers a hot route on the Fastify instance itself rather than through Nest's router, guards and pipes
 * (docs/adr/0003-hot-path.md): passport-jwt's strategy with its verified-token cache (HotAuth), the one role the
 * route serves (403 for any other), a small body limit (HOT_BODY_LIMIT), `handle`'s JSON text answered with HOT_JSON_HEADERS, and every error as
 * problem+json. Exam's answer save and submit and the leaderboard's my rank are served this way.
 */
export function registerHotRoute(
  fastify: FastifyInstance | undefined,
  auth: HotAuth,
  route: {
    method: 'GET' | 'PUT' | 'POST';
    url: string;
    role: Role;
    handle: (req: FastifyRequest, user: AccessClaimsV1) => Promise<string>;
    /** Bytes of body the route accepts (a hot route's body is small): HOT_BODY_LIMIT unless given. */
    bodyLimit?: number;
  },
): void {
  if (!fastify || typeof fastify.route !== 'function') return;
  fastify.route({
    method: route.method,
    url: route.url,
    bodyLimit: route.bodyLimit ?? HOT_BODY_LIMIT,
    ...({ helmet: false } as Record<string, unknown>), // JSON only: helmet's per-response header set is skipped
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const user = await auth.authenticate(req);
        if (!user.roles.includes(route.role)) throw new ProblemException('auth.forbidden');
        await reply.headers(HOT_JSON_HEADERS).send(await route.handle(req, user));
      } catch (e) {
        sendProblem(req, reply, e);
      }
    },
  });
}
