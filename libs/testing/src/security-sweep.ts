import fc from 'fast-check';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_BODY_LIMIT } from '@hoi-thi/platform';
import Redis from 'ioredis';
import { Client } from 'pg';
import { fromSchema, OpenApiDocument, Operation, resolveRef, Schema } from './openapi-fuzz';
import { StoreFingerprint, WRITE_CHECK_EXCLUDED_KEYS, WRITE_CHECK_EXCLUDED_TABLES } from './store-fingerprint';

export { WRITE_CHECK_EXCLUDED_KEYS, WRITE_CHECK_EXCLUDED_TABLES };

/**
 * The project's own hostile-input sweep (issue 12): every route of the platform's OpenAPI document, as every kind
 * of caller, with oversized and deeply nested bodies, huge arrays, odd characters in every string field, query and
 * path parameter, wrong types, prototype keys and wrong content types, over real HTTP on a loopback address.
 * It asserts no answer ≥ 500, every 4xx problem+json, no event-loop stall (a health probe runs beside it the whole
 * time), and that a refused request wrote nothing to PostgreSQL or Redis. `npm run security` runs it in full
 * against a platform process of its own (scripts/security/run.ts); `npm test` runs the quick mode in-process
 * (apps/platform/test/e2e/security-sweep.e2e-spec.ts).
 */

export interface SweepCaller {
  name: string;
  /** Bearer token; none for the anonymous caller. */
  token?: string;
}

export interface SweepOptions {
  baseUrl: string;
  callers: SweepCaller[];
  /** Real ids the path parameters take when they are not the one under attack: `param` or `segment.param` (e.g. `attempts.id`). */
  ids: Record<string, string>;
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  /** full: every case as every caller; quick: fewer kinds, callers taken in turn (the `npm test` budget). */
  mode: 'full' | 'quick';
  /** Hard bounds: the sweep stops (and fails for what it did not cover) past either. */
  maxRequests?: number;
  maxSeconds?: number;
  /** The platform runs in this process (the e2e variant): also read the event loop's delay histogram. */
  inProcess?: boolean;
  /** A health probe slower than this is a stall: each one is reported with the sweep's requests in flight at the time. */
  stallMs?: number;
  log?: (line: string) => void;
}

/** A health probe over the stall bound, and what the sweep had in flight while it waited (epoch ms). */
export interface SlowProbe {
  at: string;
  startMs: number;
  endMs: number;
  ms: number;
  inFlight: string[];
  /** Filled by the caller that can see the platform's own event loop (scripts/security/run.ts). */
  server?: string;
}

export type OffenderKind = 'status>=500' | 'no-response' | 'not-problem+json' | 'wrote-on-refusal';

export interface Offender {
  kind: OffenderKind;
  method: string;
  route: string;
  caller: string;
  input: string;
  status: number;
  excerpt: string;
}

export interface SweepReport {
  mode: 'full' | 'quick';
  routesTotal: number;
  routesCovered: number;
  uncovered: string[];
  requests: number;
  byClass: Record<string, number>;
  offenders: Offender[];
  probe: { samples: number; maxMs: number; p99Ms: number; maxGapMs: number; failures: number; timerLagMaxMs: number };
  /** Every probe over the stall bound (the first 50), with the requests in flight. */
  slowProbes: SlowProbe[];
  /** Event-loop delay of this process (in-process runs: the platform's too), ms. */
  eventLoopMaxMs: number;
  inProcess: boolean;
  seconds: number;
  stoppedEarly?: string;
  /** What the write check leaves out, and why (printed with the report). */
  excluded: { tables: string[]; redisKeys: string[] };
}

const BODY_LIMIT = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

interface SweepCase {
  method: string;
  route: string;
  input: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** A body the server may refuse before reading it all: on a connection of its own. */
  fresh?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** One hostile string of each kind, as a JSON value and as a URL component. */
const HOSTILE: { kind: string; value: string; url: string }[] = [
  { kind: 'nul', value: 'a\u0000b', url: 'a%00b' },
  { kind: 'lone-surrogate', value: 'a\ud800b', url: 'a%ED%A0%80b' },
  { kind: 'rtl-override', value: 'abc\u202Edef', url: 'abc%E2%80%AEdef' },
  { kind: 'zero-width', value: 'a\u200B\u200D\uFEFFb', url: 'a%E2%80%8B%E2%80%8D%EF%BB%BFb' },
  { kind: 'long-20k', value: 'a'.repeat(20_000), url: 'a'.repeat(20_000) },
];
const ODD_PATH: { kind: string; url: string }[] = [
  { kind: 'not-uuid', url: 'abc' },
  { kind: 'long-10k', url: 'x'.repeat(10_000) },
  { kind: 'nul', url: '%00' },
  { kind: 'dot-dot', url: '..%2f..%2fetc%2fpasswd' },
  { kind: 'lone-surrogate', url: '%ED%A0%80' },
  { kind: 'rtl-override', url: '%E2%80%AEabc' },
  { kind: 'zero-width', url: '%E2%80%8B' },
];
const WRONG_QUERY = ['abc', '-1', '1e309', '99999999999999999999', '[object Object]'];

/** A deterministic value a route would accept if the rules allowed it, so that the broken field is the only fault. */
function baseValue(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): unknown {
  const s = resolveRef(doc, schema);
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString();
      if (s.format === 'email') return `sweep-${randomUUID().slice(0, 8)}@example.com`;
      return 'Sweep'.padEnd(s.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => baseValue(doc, s.items, depth + 1));
    default:
      if (!s.properties || depth > 4) return {};
      return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, baseValue(doc, v, depth + 1)]));
  }
}

interface Field {
  path: (string | number)[];
  schema: Schema;
}
/** Every field a body schema names, nested ones too (array items as index 0). */
function fieldsOf(doc: OpenApiDocument, schema: Schema | undefined, prefix: (string | number)[] = [], depth = 0): Field[] {
  const s = resolveRef(doc, schema);
  if (depth > 4) return [];
  const out: Field[] = prefix.length ? [{ path: prefix, schema: s }] : [];
  if (s.type === 'array' || s.items) out.push(...fieldsOf(doc, s.items, [...prefix, 0], depth + 1));
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...fieldsOf(doc, v, [...prefix, k], depth + 1));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const base: Record<string | number, unknown> | unknown[] =
    typeof head === 'number' ? (Array.isArray(root) ? [...root] : []) : root && typeof root === 'object' && !Array.isArray(root) ? { ...(root as object) } : {};
  (base as Record<string | number, unknown>)[head] = setAt((base as Record<string | number, unknown>)[head], rest, value);
  return base;
}

function wrongType(s: Schema): unknown {
  switch (s.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return '12';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'x';
    default:
      return 'x';
  }
}

/** `n` distinct elements of an array's item type, each as short as it can be (so 140,000 fit under the body limit). */
function hugeArray(s: Schema, n: number): string {
  const number = s.type === 'integer' || s.type === 'number';
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = number ? String(i % 10) : `"${i.toString(36)}"`;
  return `[${parts.join(',')}]`;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const fieldName = (p: (string | number)[]) =>
  p
    .map((x) => (typeof x === 'number' ? '[]' : x))
    .join('.')
    .replace(/\.\[\]/g, '[]');

// ---------------------------------------------------------------------------------------------------------------
// Cases

/** The routes of the document, in an order that keeps destructive ones (delete, finalize, log out) last. */
export function routesOf(doc: OpenApiDocument): { method: string; route: string; op: Operation }[] {
  const rank = (m: string, p: string) => (m === 'delete' ? 3 : /\/(finalize|logout|publish|roles)$/.test(p) ? 2 : m === 'get' ? 0 : 1);
  const out: { method: string; route: string; op: Operation }[] = [];
  for (const [route, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) out.push({ method, route, op });
  }
  return out.sort((a, b) => rank(a.method, a.route) - rank(b.method, b.route));
}

function buildCases(
  doc: OpenApiDocument,
  method: string,
  route: string,
  op: Operation,
  ids: Record<string, string>,
  mode: 'full' | 'quick',
  seed: number,
): SweepCase[] {
  const full = mode === 'full';
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const segments = route.split('/');
  const realId = (name: string) => {
    const before = segments[segments.indexOf(`{${name}}`) - 1];
    return ids[`${before}.${name}`] ?? ids[name] ?? randomUUID();
  };
  const pathWith = (attacked?: string, value?: string) =>
    route.replace(/\{([^}]+)\}/g, (_, name: string) => (name === attacked ? value! : encodeURIComponent(realId(name))));
  const basePath = pathWith();
  const headers = (): Record<string, string> => ({
    'accept-language': 'en',
    ...(params.some((p) => p.in === 'header' && /idempotency/i.test(p.name)) ? { 'idempotency-key': randomUUID() } : {}),
  });
  const M = method.toUpperCase();
  const cases: SweepCase[] = [];
  const add = (input: string, c: Partial<SweepCase> & { path?: string }) =>
    cases.push({ method: M, route, input, path: c.path ?? basePath, headers: { ...headers(), ...c.headers }, body: c.body, fresh: c.fresh });
  const asJson = { 'content-type': 'application/json' };
  const takesBody = ['post', 'put', 'patch', 'delete'].includes(method);
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const base = bodySchema ? baseValue(doc, bodySchema) : {};

  for (const p of pathParams) {
    for (const odd of full ? ODD_PATH : ODD_PATH.filter((o) => ['not-uuid', 'nul', 'dot-dot'].includes(o.kind))) {
      add(`path ${p.name}: ${odd.kind}`, { path: pathWith(p.name, odd.url), headers: takesBody ? asJson : {}, body: takesBody ? json(base) : undefined });
    }
  }
  const withQuery = (q: string) => `${basePath}?${q}`;
  if (full) {
    for (const q of queryParams) {
      for (const h of HOSTILE) add(`query ${q.name}: ${h.kind}`, { path: withQuery(`${encodeURIComponent(q.name)}=${h.url}`) });
      for (const w of WRONG_QUERY)
        add(`query ${q.name}: wrong type ${w.slice(0, 12)}`, { path: withQuery(`${encodeURIComponent(q.name)}=${encodeURIComponent(w)}`) });
      add(`query ${q.name}: repeated`, { path: withQuery(`${q.name}=1&${q.name}=2`) });
    }
  } else if (queryParams.length) {
    for (const h of HOSTILE.slice(0, 2))
      add(`query (all): ${h.kind}`, { path: withQuery(queryParams.map((q) => `${encodeURIComponent(q.name)}=${h.url}`).join('&')) });
  }
  add('query: __proto__/constructor keys', { path: withQuery('__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x') });
  if (!takesBody) return cases;

  // Sizes, depth and length of the body as a whole.
  const padded = (size: number) => {
    const start = JSON.stringify(base && typeof base === 'object' && !Array.isArray(base) ? { ...base, pad: '' } : { pad: '' });
    return Buffer.from(start.replace('"pad":""', `"pad":"${'a'.repeat(Math.max(0, size - start.length))}"`));
  };
  add('body just under the limit', { headers: asJson, body: padded(BODY_LIMIT - 1024), fresh: true });
  add('body just over the limit', { headers: asJson, body: padded(BODY_LIMIT + 1024), fresh: true });
  if (full) add('body of 4 MB', { headers: asJson, body: padded(4 * BODY_LIMIT), fresh: true });
  add('arrays nested 10,000 deep', { headers: asJson, body: Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) });
  add('objects nested 10,000 deep', { headers: asJson, body: Buffer.from(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) });
  add('top-level array of 40,000', { headers: asJson, body: Buffer.from(hugeArray({ type: 'string' }, 40_000)) });
  if (full) add('top-level array of 140,000', { headers: asJson, body: Buffer.from(hugeArray({ type: 'integer' }, 140_000)) });

  // Every field the schema names.
  const fields = fieldsOf(doc, bodySchema);
  const arrays = fields.filter((f) => f.schema.type === 'array' || f.schema.items);
  const strings = fields.filter((f) => f.schema.type === 'string');
  const marker = '"__sweep_array__"';
  for (const f of full ? arrays : arrays.slice(0, 1)) {
    for (const n of full ? [40_000, 140_000] : [40_000]) {
      const text = JSON.stringify(setAt(base, f.path, '__sweep_array__')).replace(marker, hugeArray(resolveRef(doc, f.schema.items), n));
      add(`${n.toLocaleString('en-US')} elements in ${fieldName(f.path)}`, { headers: asJson, body: Buffer.from(text) });
    }
  }
  if (full) {
    for (const f of strings) for (const h of HOSTILE) add(`${h.kind} in ${fieldName(f.path)}`, { headers: asJson, body: json(setAt(base, f.path, h.value)) });
    for (const f of fields) add(`wrong type in ${fieldName(f.path)}`, { headers: asJson, body: json(setAt(base, f.path, wrongType(f.schema))) });
  } else {
    for (const h of HOSTILE) {
      if (strings.length)
        add(`${h.kind} in every string field`, { headers: asJson, body: json(strings.reduce((acc, f) => setAt(acc, f.path, h.value), base)) });
    }
    if (fields.length)
      add('wrong type in every field', {
        headers: asJson,
        body: json(fields.filter((f) => f.path.length === 1).reduce((acc, f) => setAt(acc, f.path, wrongType(f.schema)), base)),
      });
  }
  const rest = JSON.stringify(base && typeof base === 'object' && !Array.isArray(base) ? base : {}).slice(1);
  const glue = rest === '}' ? '' : ',';
  add('__proto__ key', { headers: asJson, body: Buffer.from(`{"__proto__":{"polluted":true,"roles":["admin"]}${glue}${rest}`) });
  add('constructor key', { headers: asJson, body: Buffer.from(`{"constructor":{"prototype":{"polluted":true}}${glue}${rest}`) });
  if (bodySchema) {
    const sample = fc.sample(fromSchema(doc, bodySchema), { numRuns: full ? 6 : 1, seed });
    sample.forEach((v, i) => add(`generated #${i + 1}`, { headers: asJson, body: json(v ?? null) }));
  }

  // Content types.
  const boundary = 'sweepboundary';
  add('text/plain body', { headers: { 'content-type': 'text/plain' }, body: json(base) });
  add('form-urlencoded body', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('a=1&b=%00&__proto__[x]=1') });
  add('multipart garbage', {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n\r\nPK\u0003\u0004garbage\r\n--${boundary}`),
  });
  if (full) add('multipart without a boundary', { headers: { 'content-type': 'multipart/form-data' }, body: Buffer.from('garbage') });
  add('body without a content type', { body: json(base) });
  add('invalid UTF-8 in JSON', {
    headers: asJson,
    body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
  });
  if (full) add('broken JSON', { headers: asJson, body: Buffer.from('{"a": [1, 2') });
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  contentType: string;
  body: string;
  error?: string;
}

function send(
  baseUrl: URL,
  c: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
  agent: http.Agent | false,
  token?: string,
  timeoutMs = 30_000,
): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...c.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (c.body) headers['content-length'] = c.body.length;
    let done = false;
    const finish = (a: Answer) => {
      if (!done) {
        done = true;
        resolve(a);
      }
    };
    const req = http.request(
      { host: baseUrl.hostname.replace(/^\[|\]$/g, ''), port: baseUrl.port, method: c.method, path: c.path, headers, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          if (size < 4096) chunks.push(d);
          size += d.length;
        });
        res.on('end', () =>
          finish({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8').slice(0, 4096),
          }),
        );
        res.on('error', (e) => finish({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: '', error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    // A server that answers (413) before reading a large body may close the socket under the rest: the answer counts.
    req.on('error', (e) => setTimeout(() => finish({ status: 0, contentType: '', body: '', error: e.message }), 50));
    req.end(c.body);
  });
}

/**
 * The probe's loop, run in a worker thread of its own: building a 4 MB body or a 140,000-element array blocks the
 * sweep's own event loop, and a probe sharing it would count that as the platform's stall.
 */
const PROBE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const u = new URL(workerData.baseUrl);
const epoch = () => performance.timeOrigin + performance.now();
const latencies = []; const slow = []; let maxGap = 0; let failures = 0; let timerLag = 0; let stopped = false; let last = performance.now();
parentPort.on('message', () => { stopped = true; });
const get = () => new Promise((resolve) => {
  const req = http.get({ host: u.hostname.replace(/^\\[|\\]$/g, ''), port: u.port, path: '/api/health/live', agent, timeout: 10000 }, (res) => {
    res.resume(); res.on('end', () => resolve(res.statusCode)); res.on('error', () => resolve(0));
  });
  req.on('timeout', () => req.destroy(new Error('timeout'))); req.on('error', () => resolve(0));
});
(async () => {
  while (!stopped) {
    const t0 = performance.now(); const e0 = epoch();
    const status = await get();
    const t1 = performance.now();
    latencies.push(t1 - t0); maxGap = Math.max(maxGap, t1 - last); last = t1;
    if (t1 - t0 > workerData.stallMs && slow.length < 50) slow.push({ startMs: e0, endMs: epoch(), ms: t1 - t0 });
    if (status !== 200) failures++;
    const s0 = performance.now();
    await new Promise((r) => setTimeout(r, workerData.everyMs));
    // This thread's own timers late: the machine (or this process) starved the probe, whatever the platform did.
    timerLag = Math.max(timerLag, performance.now() - s0 - workerData.everyMs);
  }
  agent.destroy();
  parentPort.postMessage({ latencies, maxGap, failures, slow, timerLag });
})();
`;

type ProbeResult = SweepReport['probe'] & { slow: { startMs: number; endMs: number; ms: number }[] };

/** GETs /api/health/live every ~10 ms until stopped (from a worker thread); each answer's latency and the gaps. */
function startHealthProbe(baseUrl: URL, stallMs: number, everyMs = 10): () => Promise<ProbeResult> {
  const worker = new Worker(PROBE_WORKER, { eval: true, workerData: { baseUrl: baseUrl.toString(), everyMs, stallMs } });
  const done = new Promise<{ latencies: number[]; maxGap: number; failures: number; slow: ProbeResult['slow']; timerLag: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return async () => {
    worker.postMessage('stop');
    const { latencies, maxGap, failures, slow, timerLag } = await done;
    await worker.terminate();
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      samples: sorted.length,
      maxMs: round1(sorted.at(-1) ?? 0),
      p99Ms: round1(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0),
      maxGapMs: round1(maxGap),
      failures,
      timerLagMaxMs: round1(timerLag),
      slow,
    };
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const epochNow = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------------------------
// The sweep

export async function runSecuritySweep(opts: SweepOptions): Promise<SweepReport> {
  const base = new URL(opts.baseUrl);
  if (!LOOPBACK.has(base.hostname)) throw new Error(`the security sweep runs against a loopback address only, not ${base.hostname}`);
  const log = opts.log ?? (() => undefined);
  const maxRequests = opts.maxRequests ?? (opts.mode === 'full' ? 40_000 : 4_000);
  const maxSeconds = opts.maxSeconds ?? (opts.mode === 'full' ? 1_200 : 45);
  const started = performance.now();
  const docAnswer = await send(base, { method: 'GET', path: '/api/docs/json', headers: {} }, false);
  if (docAnswer.status !== 200) throw new Error(`GET /api/docs/json answered ${docAnswer.status}`);
  const doc = (await (await fetch(new URL('/api/docs/json', base))).json()) as OpenApiDocument;
  const routes = routesOf(doc);

  const pg = new Client({ connectionString: opts.databaseUrl });
  await pg.connect();
  const redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const fp = new StoreFingerprint(pg, { redis, prefix: opts.redisKeyPrefix });
  await fp.refreshTables();

  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const stallMs = opts.stallMs ?? 100;
  const stopProbe = startHealthProbe(base, stallMs);
  // This process's own loop: in-process it is the platform's; otherwise a late sweep (GC, building a 4 MB body).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  /** Every request's span (epoch ms), so that a slow probe can be matched with what was in flight. */
  const timeline: { t0: number; t1: number; label: string }[] = [];

  const covered = new Set<string>();
  const offenders: Offender[] = [];
  const byClass: Record<string, number> = {};
  let requests = 0;
  let stoppedEarly: string | undefined;
  const elapsed = () => (performance.now() - started) / 1000;
  let probeResult: ProbeResult;

  /** After an accepted write, wait until what it set off (stream consumers, the outbox) has settled. */
  const settle = async () => {
    let prev = await fp.take();
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const next = await fp.take();
      if (!StoreFingerprint.changed(prev, next).length) return next;
      prev = next;
    }
    return prev;
  };

  try {
    let n = 0;
    outer: for (const { method, route, op } of routes) {
      const cases = buildCases(doc, method, route, op, opts.ids, opts.mode, 20261202 + n++);
      const runs: { c: SweepCase; caller: SweepCaller }[] = [];
      if (opts.mode === 'full') for (const caller of opts.callers) for (const c of cases) runs.push({ c, caller });
      else cases.forEach((c, i) => runs.push({ c, caller: opts.callers[(i + n) % opts.callers.length] }));
      // Cases of one route as one caller form a batch; a write route is checked after every request.
      const checkEach = method !== 'get';
      await fp.refreshTables();
      let before = await fp.take();
      let segment: { c: SweepCase; caller: SweepCaller; status: number }[] = [];
      const check = async () => {
        const after = await fp.take();
        const changed = StoreFingerprint.changed(before, after);
        if (changed.length && segment.every((s) => s.status >= 400)) {
          const s = segment.length === 1 ? segment[0] : undefined;
          offenders.push({
            kind: 'wrote-on-refusal',
            method: method.toUpperCase(),
            route,
            caller:
              s?.caller.name ??
              segment
                .map((x) => x.caller.name)
                .filter((v, i, a) => a.indexOf(v) === i)
                .join(','),
            input: s?.c.input ?? `one of ${segment.length} requests`,
            status: s?.status ?? 0,
            excerpt: `changed: ${changed
              .slice(0, 6)
              .map((k) => StoreFingerprint.describe(k, before.get(k), after.get(k)))
              .join(', ')}`,
          });
        }
        before = segment.some((x) => x.status < 400) ? await settle() : after;
        segment = [];
      };
      for (const { c, caller } of runs) {
        if (requests >= maxRequests || elapsed() > maxSeconds) {
          stoppedEarly = `stopped at ${requests} requests after ${Math.round(elapsed())} s (bounds: ${maxRequests} requests, ${maxSeconds} s)`;
          break outer;
        }
        const t0 = epochNow();
        let a = await send(base, { ...c, headers: { ...c.headers } }, c.fresh ? false : keepAlive, caller.token);
        // A kept-alive socket the server closed after the previous refusal: the same request once more, on a new one.
        if (a.status === 0 && !c.fresh && /hang up|ECONNRESET/.test(a.error ?? ''))
          a = await send(base, { ...c, headers: { ...c.headers } }, false, caller.token);
        requests++;
        timeline.push({ t0, t1: epochNow(), label: `${method.toUpperCase()} ${route} as ${caller.name}: ${c.input} (${c.body?.length ?? 0} B) → ${a.status}` });
        // A body over the limit is refused before it is read: the server answers 413 and closes, and the client may
        // see only the closed socket while it is still writing. A refusal, not a missing answer.
        if (a.status === 0 && (c.body?.length ?? 0) > DEFAULT_BODY_LIMIT && /EPIPE|ECONNRESET|hang up/.test(a.error ?? ''))
          a = { ...a, status: 413, contentType: 'application/problem+json (closed while sending)' };
        covered.add(`${method.toUpperCase()} ${route}`);
        const cls = a.status ? `${Math.floor(a.status / 100)}xx` : 'no answer';
        byClass[cls] = (byClass[cls] ?? 0) + 1;
        const offender = (kind: OffenderKind, excerpt: string) =>
          offenders.push({
            kind,
            method: method.toUpperCase(),
            route,
            caller: caller.name,
            input: c.input,
            status: a.status,
            excerpt: excerpt.replace(/\s+/g, ' ').slice(0, 240),
          });
        if (a.status >= 500) offender('status>=500', a.body);
        else if (a.status === 0) offender('no-response', a.error ?? '');
        else if (a.status >= 400 && !a.contentType.startsWith('application/problem+json')) offender('not-problem+json', `${a.contentType}: ${a.body}`);
        segment.push({ c, caller, status: a.status });
        if (checkEach) await check();
      }
      if (segment.length) await check();
      log(`${method.toUpperCase()} ${route}: ${runs.length} requests, ${offenders.length} offenders so far (${Math.round(elapsed())} s)`);
    }
  } finally {
    loopDelay.disable();
    keepAlive.destroy();
    probeResult = await stopProbe();
    await pg.end().catch(() => undefined);
    redis.disconnect();
  }
  const all = routes.map((r) => `${r.method.toUpperCase()} ${r.route}`);
  const { slow, ...probe } = probeResult;
  const slowProbes = slow.map((p): SlowProbe => ({
    at: new Date(p.startMs).toISOString(),
    startMs: Math.round(p.startMs),
    endMs: Math.round(p.endMs),
    ms: round1(p.ms),
    inFlight: timeline.filter((t) => t.t0 < p.endMs && t.t1 > p.startMs).map((t) => t.label.slice(0, 300)),
  }));
  return {
    mode: opts.mode,
    routesTotal: all.length,
    routesCovered: all.filter((r) => covered.has(r)).length,
    uncovered: all.filter((r) => !covered.has(r)),
    requests,
    byClass,
    offenders,
    probe,
    slowProbes,
    eventLoopMaxMs: round1(loopDelay.max / 1e6),
    inProcess: !!opts.inProcess,
    seconds: Math.round(elapsed()),
    stoppedEarly,
    excluded: { tables: WRITE_CHECK_EXCLUDED_TABLES, redisKeys: WRITE_CHECK_EXCLUDED_KEYS.map(String) },
  };
}

/** Why a sweep fails, one line each (empty: it passed). `stallMs`: the bound on a health probe's latency. */
export function sweepFailures(r: SweepReport, stallMs: number): string[] {
  const out: string[] = [];
  if (r.uncovered.length) out.push(`routes not covered: ${r.uncovered.join(', ')}`);
  if (r.stoppedEarly) out.push(r.stoppedEarly);
  if (r.offenders.length) out.push(`${r.offenders.length} offenders`);
  if (r.probe.maxMs > stallMs) out.push(`a health probe took ${r.probe.maxMs} ms (bound ${stallMs} ms)`);
  if (r.probe.failures) out.push(`${r.probe.failures} health probes did not answer 200`);
  return out;
}

/** The one summary table, then every offender. */
export function formatSweepReport(r: SweepReport, stallMs: number): string {
  const rows: [string, string][] = [
    ['mode', r.mode],
    ['routes covered / in the document', `${r.routesCovered} / ${r.routesTotal}`],
    ['requests sent', r.requests.toLocaleString('en-US')],
    ...Object.entries(r.byClass)
      .sort()
      .map(([k, v]): [string, string] => [`  answered ${k}`, v.toLocaleString('en-US')]),
    ['health probes (every ~10 ms)', `${r.probe.samples.toLocaleString('en-US')}, ${r.probe.failures} not 200`],
    ['health probe latency max / p99', `${r.probe.maxMs} / ${r.probe.p99Ms} ms (bound ${stallMs} ms)`],
    ['longest gap between probe answers', `${r.probe.maxGapMs} ms`],
    ['probe thread timer lag max', `${r.probe.timerLagMaxMs} ms`],
    [r.inProcess ? 'event-loop delay max (in-process: the platform)' : "event-loop delay max (the sweep's own)", `${r.eventLoopMaxMs} ms`],
    ['probes over the bound', String(r.slowProbes.length)],
    ['offenders', String(r.offenders.length)],
    ...Object.entries(r.offenders.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.kind]: (acc[o.kind] ?? 0) + 1 }), {})).map(
      ([k, v]): [string, string] => [`  ${k}`, String(v)],
    ),
    ['seconds', String(r.seconds)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = ['', `${'measure'.padEnd(w)} | value`, `${'-'.repeat(w)}-|-${'-'.repeat(30)}`, ...rows.map(([k, v]) => `${k.padEnd(w)} | ${v}`)];
  if (r.stoppedEarly) lines.push(`(${r.stoppedEarly})`);
  if (r.uncovered.length) lines.push(`not covered: ${r.uncovered.join(', ')}`);
  lines.push(`write check leaves out: tables ${r.excluded.tables.join(', ')}; Redis keys ${r.excluded.redisKeys.join(', ')}`);
  if (r.slowProbes.length) {
    lines.push('', `health probes over ${stallMs} ms (start | ms | platform | in flight):`);
    for (const p of r.slowProbes) lines.push(`  ${p.at} | ${p.ms} | ${p.server ?? '?'} | ${p.inFlight.join(' ‖ ') || 'nothing'}`);
  }
  if (r.offenders.length) {
    lines.push('', 'offenders (kind | method path | caller | input | status | excerpt):');
    for (const o of r.offenders) lines.push(`  ${o.kind} | ${o.method} ${o.route} | ${o.caller} | ${o.input} | ${o.status} | ${o.excerpt}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Callers and ids from the demo seed

/** The demo accounts (scripts/setup.ts seeds them) that play each kind of caller. */
export const DEMO_CALLERS: Record<string, string> = { contestant: '0900000004', organizer: '0900000002', judge: '0900000003', admin: '0900000001' };
export const DEMO_CONTEST_ID = 'd3e0c000-0000-4000-8000-000000000015';
export const DEMO_OPEN_ROUND_ID = 'd3e0a000-0000-4000-8000-000000000001';

/**
 * Logs in as each demo account, starts an attempt as the contestant (so the attempt routes reach their
 * validation), and reads real ids for every path parameter from the seeded database.
 */
export async function prepareSweep(
  baseUrl: string,
  databaseUrl: string,
  demoPassword: string,
): Promise<{ callers: SweepCaller[]; ids: Record<string, string> }> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const callers: SweepCaller[] = [{ name: 'anonymous' }];
  for (const [name, login] of Object.entries(DEMO_CALLERS))
    callers.push({ name, token: String((await post('/api/auth/login', { login, password: demoPassword })).accessToken) });
  const attempt = await post(`/api/rounds/${DEMO_OPEN_ROUND_ID}/attempts`, {}, callers.find((c) => c.name === 'contestant')!.token);
  const questions = attempt.questions as { id: string }[];
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const one = async (sql: string) => (await pg.query<{ id: string }>(sql)).rows[0]?.id ?? randomUUID();
    const ids: Record<string, string> = {
      roundId: DEMO_OPEN_ROUND_ID,
      contestId: DEMO_CONTEST_ID,
      'attempts.id': String(attempt.attemptId),
      attemptId: String(attempt.attemptId),
      questionId: questions[0]?.id ?? randomUUID(),
      'questions.id': await one('SELECT id::text FROM question_bank.questions ORDER BY id LIMIT 1'),
      questionVersionId: await one('SELECT id::text FROM question_bank.question_versions ORDER BY id LIMIT 1'),
      bankId: await one('SELECT id::text FROM question_bank.banks ORDER BY id LIMIT 1'),
      // Role and citizen-ID changes land on the second demo contestant, never on an account the sweep calls as.
      'users.id': await one(`SELECT id::text FROM registration.users WHERE phone = '0900000005'`),
      code: '01',
      materialId: await one(
        `SELECT materials->0->>'id' AS id FROM question_bank.contests WHERE id = '${DEMO_CONTEST_ID}' AND jsonb_typeof(materials) = 'array'`,
      ),
    };
    return { callers, ids };
  } finally {
    await pg.end();
  }
}
