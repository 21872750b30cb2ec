import { OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import { Pool, QueryResultRow } from 'pg';
import { DatabaseConnection } from './service-database';

/** The injection token of a service's read-only database (`@Inject(readDatabaseToken('leaderboard'))`). */
export function readDatabaseToken(service: string): string {
  return `hoi-thi:read-database:${service}`;
}

/**
 * A service's read-only connection for exports and statistics: DATABASE_READ_URL (a streaming replica), or the
 * primary when that is empty. Every session is `default_transaction_read_only`, so a write through it fails
 * even when it points at the primary, and has a statement timeout so a runaway export cannot hold a replica
 * connection for ever. Connections are made on first use: a replica that is down or lagging fails (or is
 * bypassed by) the exports that read it, never the boot or the readiness of the service.
 *
 * A replica lags: callers read there only what was committed before they ask, and check what they need is
 * there (see `has`), falling back to the primary when it is not yet.
 */
export class ReadDatabase implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(service: string, conn: DatabaseConnection) {
    this.pool = new Pool({
      connectionString: conn.url,
      max: conn.poolSize,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      application_name: `hoi-thi:${service}:read@${conn.instance ?? hostname()}`.slice(0, 63),
      options: '-c default_transaction_read_only=on -c statement_timeout=600000',
    });
    this.pool.on('error', () => undefined); // an idle replica connection dropped: the next query reconnects
  }

  async query<T extends QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  /** Whether the replica already holds a row `sql` finds (e.g. a computation committed on the primary). */
  async has(sql: string, params: unknown[]): Promise<boolean> {
    return (await this.query(sql, params)).length > 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
