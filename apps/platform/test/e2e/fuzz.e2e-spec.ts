import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { dropDatabase } from '@hoi-thi/platform';
import { createTestApp, ownDatabase, testToken } from '@hoi-thi/testing';
import { fromSchema, junk, oddParam, OpenApiDocument } from '@hoi-thi/testing/openapi-fuzz';
import { StoreFingerprint, WRITE_CHECK_EXCLUDED_TABLES } from '@hoi-thi/testing/store-fingerprint';
import { ALL_SERVICES } from '../../src/services';

/**
 * Hostile input against every documented route of the whole platform (issue 8): payloads generated from the
 * OpenAPI schemas and then broken (wrong types, missing and extra fields, mass-assignment keys, __proto__,
 * huge and odd strings), odd path parameters, and every kind of caller. Nothing may answer 5xx, every refusal
 * is problem+json, and a refused request changes no row in PostgreSQL.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES ?? 12);

describe('fuzz: every documented route with hostile input', () => {
  let app: NestFastifyApplication;
  let pg: Client;
  let databaseUrl = '';
  let store: StoreFingerprint;
  const tokens: Record<string, string | undefined> = {};
  const realIds: string[] = [];
  const stats = { cases: 0, refused: 0, accepted: 0, fiveXX: 0, writesOnRefusal: 0 };
  const failures: string[] = [];

  beforeAll(async () => {
    // A database of its own: other test files write to the run's database at the same time, and the check below
    // must see only what the fuzzed requests do.
    databaseUrl = await ownDatabase(ALL_SERVICES, 'fuzz');
    app = await createTestApp(ALL_SERVICES, {
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}fuzz:`,
      CAPTCHA_ENABLED: 'false',
      RATE_REGISTER_PER_IP: '100000',
      RATE_LOGIN_PER_IP: '100000',
    });
    pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const tables = await pg.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema IN ('registration','question_bank','exam','leaderboard') AND table_name <> 'migrations'
        ORDER BY 1, 2`,
    );
    // The sweep's fingerprint, but stricter: the audit logs count here (this test's callers never log in).
    store = new StoreFingerprint(pg, { excludedTables: WRITE_CHECK_EXCLUDED_TABLES.filter((t) => t.endsWith('.migrations')) });
    // The demo data (users, units, a bank, a contest with a published round) so that ids in paths are often real.
    for (const svc of ALL_SERVICES) {
      await svc.seed?.({
        databaseUrl,
        redisUrl: process.env.REDIS_URL!,
        redisKeyPrefix: `${process.env.REDIS_KEY_PREFIX}fuzz:`,
        demoPassword: 'Fuzz@2026x',
        log: () => undefined,
      });
    }
    for (const r of tables.rows) {
      const hasId = await pg.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'id' AND data_type = 'uuid'`,
        [r.s, r.t],
      );
      if (hasId.rowCount) realIds.push(...(await pg.query<{ id: string }>(`SELECT id FROM "${r.s}"."${r.t}" LIMIT 5`)).rows.map((x) => x.id));
    }
    tokens.none = undefined;
    for (const role of ['contestant', 'organizer', 'judge', 'admin'] as const) tokens[role] = testToken([role]);
    tokens.expired = testToken(['admin'], {}, -60);
    tokens.garbage = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYWRtaW4iXX0.';
  }, 300_000); // a database migrated and seeded for four services, on a loaded machine

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
    console.log(
      `fuzz (seed ${SEED}): ${stats.cases} cases, ${stats.refused} refused (4xx), ${stats.accepted} accepted, 5xx: ${stats.fiveXX}, writes on refusal: ${stats.writesOnRefusal}`,
    );
  }, 120_000);

  const fingerprint = () => store.take();
  const changedTables = (a: Map<string, string>, b: Map<string, string>) => StoreFingerprint.changed(a, b);

  it('answers no 5xx, refuses with problem+json, and writes nothing when it refuses', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as OpenApiDocument;
    const callers = Object.keys(tokens);
    let n = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/health') || path.startsWith('/api/docs')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const multipart = !!op.requestBody?.content?.['multipart/form-data'] || /import$/.test(path);
        const pathParam = realIds.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...realIds) }, { weight: 1, arbitrary: oddParam }) : oddParam;
        const caseArb = fc.record({
          params: fc.array(pathParam, { minLength: 4, maxLength: 4 }),
          caller: fc.constantFrom(...callers),
          body: bodySchema ? fromSchema(doc, bodySchema) : fc.option(junk),
          query: fc.dictionary(
            fc.constantFrom('limit', 'offset', 'cursor', 'format', 'q', 'topic', 'unitId', 'province', 'mode'),
            fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('-1', '99999999', 'xlsx', 'csv', 'all-or-nothing')),
          ),
          rawBody: fc.constantFrom('json', 'json', 'json', 'broken-json', 'multipart'),
        });
        const cases = fc.sample(caseArb, { numRuns: CASES_PER_ROUTE, seed: SEED + n++ });
        for (const c of cases) {
          let i = 0;
          const url = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(c.params[i++]).replace(/%25/g, '%'));
          const qs = new URLSearchParams(c.query as Record<string, string>).toString();
          const headers: Record<string, string> = { 'accept-language': 'vi' };
          if (tokens[c.caller]) headers.authorization = `Bearer ${tokens[c.caller]}`;
          let payload: string | Buffer | undefined;
          if (method !== 'get' && method !== 'delete') {
            if (c.rawBody === 'broken-json') {
              headers['content-type'] = 'application/json';
              payload = '{"a": [1, 2';
            } else if (c.rawBody === 'multipart' || multipart) {
              const boundary = 'fuzzboundary';
              headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
              payload = Buffer.concat([
                Buffer.from(
                  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
                ),
                Buffer.from(JSON.stringify(c.body ?? 'PK\u0003\u0004garbage')),
                Buffer.from(`\r\n--${boundary}--\r\n`),
              ]);
            } else {
              headers['content-type'] = 'application/json';
              payload = JSON.stringify(c.body ?? {});
            }
          }
          const before = await fingerprint();
          const res = await app.inject({ method: method.toUpperCase() as 'GET', url: qs ? `${url}?${qs}` : url, headers, payload });
          stats.cases++;
          const label = `${method.toUpperCase()} ${path} as ${c.caller} → ${res.statusCode}`;
          if (res.statusCode >= 500) {
            stats.fiveXX++;
            failures.push(`${label}: ${res.body.slice(0, 200)} (payload ${String(payload).slice(0, 200)})`);
          } else if (res.statusCode >= 400) {
            stats.refused++;
            if (!String(res.headers['content-type']).includes('application/problem+json')) failures.push(`${label}: not problem+json`);
            const changed = changedTables(before, await fingerprint());
            if (changed.length) {
              stats.writesOnRefusal++;
              failures.push(`${label}: a refused request changed ${changed.join(', ')}`);
            }
          } else stats.accepted++;
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(failures).toEqual([]);
    expect(stats.cases).toBeGreaterThan(300);
    const health = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(health.statusCode).toBe(200);
  }, 600000);
});
