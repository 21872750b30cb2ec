import { Injectable, OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerQuietRoutes } from '@hoi-thi/platform';
import { BoardReadService, SNAPSHOT_SIZE } from './board-read.service';

// Every watcher's phone polls it: no access-log line per read (errors are still logged).
registerQuietRoutes({ method: RequestMethod.GET, path: 'rounds/:roundId/leaderboard' });

const TOP_PAGE = /^\/api\/rounds\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/leaderboard(?:\?(.*))?$/;

/** `limit`/`offset` only, plain digits, within the snapshot; anything else (filters, bad values) goes the full way. */
export function parseTopPage(url: string): { roundId: string; offset: number; limit: number } | null {
  const m = TOP_PAGE.exec(url);
  if (!m) return null;
  let limit = 20;
  let offset = 0;
  for (const pair of (m[2] ?? '').split('&')) {
    if (!pair) continue;
    const [key, value] = pair.split('=');
    if (!/^\d{1,3}$/.test(value ?? '')) return null;
    if (key === 'limit') limit = Number(value);
    else if (key === 'offset') offset = Number(value);
    else return null;
  }
  if (limit < 1 || limit > 100 || offset + limit > SNAPSHOT_SIZE) return null;
  return { roundId: m[1], offset, limit };
}

/** Whether an Accept-Encoding header admits gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * The hottest read — the top page of a round's public board — answered from this process's snapshot in a
 * Fastify onRequest hook, when the page is already cached (under a second old): no guard, pipe or controller
 * for a response that is the same bytes for everyone. A miss (or any other query) goes on to the controller,
 * which validates, builds and caches. Helmet's and the request-id hooks run before this one. A client that accepts
 * gzip (every browser) gets the page's gzipped bytes, compressed once per snapshot.
 */
@Injectable()
export class BoardFastPath implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly reads: BoardReadService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (req.method !== 'GET') return done();
      const page = parseTopPage(req.url);
      const cached = page && this.reads.cachedTopPage(page.roundId, page.offset, page.limit);
      if (!cached) return done();
      void reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=1').header('vary', 'accept-encoding');
      if (acceptsGzip(req.headers['accept-encoding'])) void reply.header('content-encoding', 'gzip').send(cached.gzip);
      else void reply.send(cached.json);
    });
  }
}
