import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { declareCachedReply, registerCachedReply } from '@hoi-thi/platform';
import { BoardReadService, pageKey, SNAPSHOT_SIZE } from './board-read.service';

// Every watcher's phone polls it: no access-log line per read (errors are still logged).
declareCachedReply('GET', '/api/rounds/:roundId/leaderboard');

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

/**
 * A bounded memo of a pure function of a string (a URL, a header): the hot path sees a handful of distinct values, so
 * each is parsed once; a flood of distinct ones only empties it now and then (never more than `max` entries).
 */
export class StringMemo<V> {
  private readonly map = new Map<string, V>();
  constructor(
    private readonly fn: (key: string) => V,
    private readonly max = 1000,
  ) {}
  get(key: string): V {
    let v = this.map.get(key);
    if (v === undefined && !this.map.has(key)) {
      v = this.fn(key);
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(key, v);
    }
    return v as V;
  }
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

const ROUNDS = '/api/rounds/';

/** The headers of a fast-path answer (helmet's HTML-oriented set is off for this route: see the controller). */
const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'public, max-age=1',
  vary: 'accept-encoding',
  'x-content-type-options': 'nosniff',
};

/**
 * The hottest read — the top page of a round's public board — answered from this process's snapshot in a
 * Fastify onRequest hook, when the page is already cached (under a second old): no guard, pipe or controller
 * for a response that is the same bytes for everyone. A miss (or any other query) goes on to the controller,
 * which validates, builds and caches. The request-id hook runs before this one. A client that accepts gzip (every
 * browser) gets the page's gzipped bytes, compressed once per snapshot. Per request: a prefix test, two memo
 * lookups (URL, Accept-Encoding), one map lookup, and the send of a ready Buffer.
 */
@Injectable()
export class BoardFastPath implements OnModuleInit {
  private readonly pages = new StringMemo((url) => {
    const page = parseTopPage(url);
    return page ? { roundId: page.roundId, key: pageKey(page.offset, page.limit) } : null;
  });
  private readonly gzip = new StringMemo(acceptsGzip, 100);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly reads: BoardReadService,
  ) {}

  onModuleInit(): void {
    registerCachedReply(this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined, {
      method: 'GET',
      prefix: ROUNDS,
      headers: JSON_HEADERS,
      lookup: (req) => {
        const page = this.pages.get(req.url);
        const cached = page && this.reads.cachedTopPage(page.roundId, page.key);
        if (!cached) return undefined;
        const accept = req.headers['accept-encoding'];
        return { reply: cached, gzip: typeof accept === 'string' && this.gzip.get(accept) };
      },
    });
  }
}
