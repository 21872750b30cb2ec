import { RequestMethod } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { HotAuth } from '../auth/hot-auth';
import { ProblemException } from '../errors/problem.exception';
import { sendProblem } from '../errors/problem.filter';
import { registerOpenApiPaths } from './openapi-extras';
import { registerQuietRoutes } from './quiet-routes';

/** The headers of a hot route's JSON answer (helmet's HTML-oriented set is off for these routes). */
export const HOT_JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

/** A hot route's body (a save is ~100 bytes, a submit less): anything bigger is refused (413) before it is parsed. */
export const HOT_BODY_LIMIT = 4 * 1024;

/** An OpenAPI operation object (its responses name contracts through contractRef). */
export type OpenApiOperation = Record<string, unknown>;

/** A route that leaves Nest's router, as its service declares it once at load time (see declareHotRoute). */
export interface HotRouteDeclaration {
  /** The service it belongs to: its OpenAPI entry is listed wherever that service is hosted. */
  service: string;
  method: 'GET' | 'PUT' | 'POST';
  /** Fastify's pattern, e.g. `/api/attempts/:id/submit`. */
  url: string;
  /** The one role it serves (403 for any other; an admin's token carries the roles it needs). */
  role: Role;
  /** Bytes of body it accepts: HOT_BODY_LIMIT unless given. */
  bodyLimit?: number;
  /** Its OpenAPI operation (the platform adds its own errors, 400/401/403/404/413/415/503, as for any route). */
  openapi: OpenApiOperation;
}

/** `/api/attempts/:id` → `/api/attempts/{id}`. */
export const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Declares a hot route (docs/adr/0005-hot-routes.md), at module load time so that the process's access log and
 * OpenAPI document know it before they are built: its OpenAPI entry (listed wherever its service is hosted) and
 * no access-log line per request (errors are still logged). `registerHotRoute` then binds it at module init.
 */
export function declareHotRoute(route: HotRouteDeclaration): HotRouteDeclaration {
  registerOpenApiPaths(route.service, { [openApiPath(route.url)]: { [route.method.toLowerCase()]: route.openapi } });
  registerQuietRoutes({ method: RequestMethod[route.method], path: route.url.replace(/^\/api\//, '') });
  return route;
}

/**
 * Binds a declared hot route on the Fastify instance itself rather than through Nest's router, guards and pipes
 * (docs/adr/0005-hot-routes.md): the process's one verified-token cache (HotAuth), the route's one role, its
 * small body limit, `handle`'s JSON text answered with HOT_JSON_HEADERS (validation is the handler's, with the
 * DTO's compiled check), and every error as problem+json. Exam's answer save and submit and the leaderboard's my
 * rank are served this way.
 */
export function registerHotRoute(
  fastify: FastifyInstance | undefined,
  auth: HotAuth,
  route: HotRouteDeclaration,
  handle: (req: FastifyRequest, user: AccessClaimsV1) => Promise<string>,
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
        await reply.headers(HOT_JSON_HEADERS).send(await handle(req, user));
      } catch (e) {
        sendProblem(req, reply, e);
      }
    },
  });
}

/** A ready answer of a Nest route, kept by its service: the bytes, gzipped once, and the headers of each. */
export interface CachedReply {
  body: Buffer | string;
  gzip?: Buffer;
}

/**
 * The other way out of Nest's router: a cache hit of a Nest route answered in a Fastify `onRequest` hook, before
 * routing, guards and pipes (docs/adr/0005-hot-routes.md) — for an answer that is the same bytes for everyone (the
 * top page of a public board). `lookup` must be a few map lookups: it runs for every request under `prefix`; a miss
 * (undefined) goes on to the Nest route, which validates, builds and caches. declareCachedReply makes it quiet in the
 * access log.
 */
export function registerCachedReply(
  fastify: FastifyInstance | undefined,
  route: { method: 'GET'; prefix: string; headers: Record<string, string>; lookup: (req: FastifyRequest) => { reply: CachedReply; gzip: boolean } | undefined },
): void {
  if (!fastify?.addHook) return;
  const gzipHeaders = { ...route.headers, 'content-encoding': 'gzip' };
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (req.method !== route.method || !req.url.startsWith(route.prefix)) return done();
    const hit = route.lookup(req);
    if (!hit) return done();
    if (hit.gzip && hit.reply.gzip) void reply.headers(gzipHeaders).send(hit.reply.gzip);
    else void reply.headers(route.headers).send(hit.reply.body);
  });
}

/** Declares a cached reply's route quiet in the access log, at load time (see registerCachedReply). */
export function declareCachedReply(method: 'GET', path: string): void {
  registerQuietRoutes({ method: RequestMethod[method], path: path.replace(/^\/api\//, '') });
}
