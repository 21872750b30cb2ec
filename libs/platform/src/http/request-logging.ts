import { RequestMethod } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';
import { quietRoutes } from './quiet-routes';

/** pino-http's settings: one line per request, at the level its status deserves, the token never written. */
export function requestLogOptions(level: string): Options {
  return {
    level,
    // Fastify has already given the request its id (x-request-id when sent, else a UUID); the hook copies it.
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
    autoLogging: { ignore: (req: IncomingMessage) => /\/health\/(live|ready)/.test(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: {
      req: (r: { id: string; method: string; url: string }) => ({ id: r.id, method: r.method, url: r.url }),
      res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
    },
  };
}

/**
 * The access log and the request context of the Nest logger, as one Fastify `onRequest` hook rather than
 * nestjs-pino's middleware: Nest runs middleware through middie and checks every request against the excluded
 * routes with its own matcher, which cost the answer save about an eighth of its CPU although the hot routes
 * were excluded (docs/adr/0003-hot-path.md). Here the router has already matched the route, so a quiet route
 * (registerQuietRoutes) costs one Set lookup; every other request gets pino-http's line.
 *
 * No AsyncLocalStorage context per request: on Node 20 one `run()` turns on promise hooks for the whole process,
 * about 5% of every request's CPU, hot routes included. The request id is in the access line, and errors log it
 * themselves (sendProblem's `reqId`).
 */
export function installRequestLogging(fastify: FastifyInstance, level: string): void {
  const quiet = new Set(quietRoutes().map((r) => `${RequestMethod[r.method]} /api/${r.path.replace(/^\//, '')}`));
  const httpLog = pinoHttp({ ...requestLogOptions(level), logger: PinoLogger.root });
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (quiet.has(`${req.method} ${req.routeOptions.url}`)) return done();
    (req.raw as IncomingMessage & { id?: string }).id = req.id;
    httpLog(req.raw, reply.raw);
    done();
  });
}
