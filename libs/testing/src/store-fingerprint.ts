import type Redis from 'ioredis';
import type { Client } from 'pg';

/** Append-only tables that legitimately record refusals (failed logins, refused role changes…): left out of the write check. */
export const WRITE_CHECK_EXCLUDED_TABLES = [
  'registration.audit_log',
  'question_bank.audit_log',
  'leaderboard.audit_log',
  'registration.migrations',
  'question_bank.migrations',
  'exam.migrations',
  'leaderboard.migrations',
];
/**
 * Redis keys a refused request may change: the rate limiters count refusals by design (`rl:`), and the socket.io
 * adapter's own keys. Patterns after the key prefix.
 */
export const WRITE_CHECK_EXCLUDED_KEYS = [/^rl:/, /socket\.io/];

export interface StoreFingerprintOptions {
  /** Also the Redis keys under `prefix` (their values, in a canonical order). */
  redis?: Redis;
  prefix?: string;
  /** `schema.table` names left out (default WRITE_CHECK_EXCLUDED_TABLES). */
  excludedTables?: string[];
}

/**
 * What a refused request must not change: a row count and an order-free checksum per table of every service schema
 * (one statement), and the Redis keys under a prefix. Shared by the hostile-input sweep (security-sweep.ts) and the
 * fuzz test, so that both call the same thing a write.
 */
export class StoreFingerprint {
  private sql = '';
  private tables: string[] = [];
  private readonly excluded: string[];
  constructor(
    private readonly pg: Client,
    private readonly opts: StoreFingerprintOptions = {},
  ) {
    this.excluded = opts.excludedTables ?? WRITE_CHECK_EXCLUDED_TABLES;
  }

  /** Reads the list of tables again (a migration or a new partition may have added one). */
  async refreshTables(): Promise<void> {
    const rows = await this.pg.query<{ s: string; t: string }>(
      `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2`,
    );
    const kept = rows.rows.filter((r) => !this.excluded.includes(`${r.s}.${r.t}`));
    this.tables = kept.map((r) => `${r.s}.${r.t}`);
    this.sql = `SELECT ARRAY[${kept.map((r) => `(SELECT count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0) FROM "${r.s}"."${r.t}" x)`).join(', ')}]::text[] AS f`;
  }

  async take(): Promise<Map<string, string>> {
    if (!this.sql) await this.refreshTables();
    const out = new Map<string, string>();
    if (this.tables.length) (await this.pg.query<{ f: string[] }>(this.sql)).rows[0].f.forEach((v, i) => out.set(this.tables[i], v));
    const { redis, prefix = '' } = this.opts;
    if (!redis) return out;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch.filter((k) => !WRITE_CHECK_EXCLUDED_KEYS.some((re) => re.test(k.slice(prefix.length)))));
    } while (cursor !== '0');
    if (!keys.length) return out;
    const types = (await redis.pipeline(keys.map((k) => ['type', k])).exec())!.map(([, t]) => String(t));
    const reads = keys.map((k, i): [string, ...string[]] => {
      switch (types[i]) {
        case 'string':
          return ['strlen', k];
        case 'hash':
          return ['hgetall', k];
        case 'zset':
          return ['zrange', k, '0', '-1', 'WITHSCORES'];
        case 'set':
          return ['smembers', k];
        case 'list':
          return ['llen', k];
        case 'stream':
          return ['xrevrange', k, '+', '-', 'COUNT', '1'];
        default:
          return ['exists', k];
      }
    });
    const values = (await redis.pipeline(reads).exec())!;
    keys.forEach((k, i) => {
      const v = values[i][1];
      // Sets and hashes in a canonical order: Redis may reorder a hash on a read (an incremental rehash step runs on
      // HMGET too), and an HGETALL in the new order is the same state — it was the "wrote on refusal" of the
      // read-only refusals of PUT /api/attempts/:id/answers/:q, whose changed hash had no field changed.
      const canonical =
        types[i] === 'set' && Array.isArray(v)
          ? [...(v as string[])].sort()
          : types[i] === 'hash' && v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
            : v;
      out.set(`redis ${k.slice(prefix.length)}`, JSON.stringify(canonical));
    });
    return out;
  }

  /** What differs between two fingerprints: table names and `redis <key>` entries. */
  static changed(a: Map<string, string>, b: Map<string, string>): string[] {
    const keys = new Set([...a.keys(), ...b.keys()]);
    return [...keys].filter((k) => a.get(k) !== b.get(k));
  }

  /** Which fields of a Redis hash changed, and how (a table's checksum says only that it did). */
  static describe(key: string, a: string | undefined, b: string | undefined): string {
    if (!key.startsWith('redis ') || !a || !b) return key;
    try {
      const x = JSON.parse(a) as Record<string, string>;
      const y = JSON.parse(b) as Record<string, string>;
      if (!x || !y || typeof x !== 'object' || typeof y !== 'object' || Array.isArray(x)) return `${key} (${a.slice(0, 60)} → ${b.slice(0, 60)})`;
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((f) => x[f] !== y[f]);
      return `${key} (${fields
        .slice(0, 5)
        .map((f) => `${f}: ${String(x[f]).slice(0, 40)} → ${String(y[f]).slice(0, 40)}`)
        .join('; ')})`;
    } catch {
      return key;
    }
  }
}
