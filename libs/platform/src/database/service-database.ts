import { hostname } from 'node:os';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

/** What a service owns in PostgreSQL: its schema, entities and migrations. */
export interface ServiceDatabase {
  /** The TypeORM connection name, also the service name. */
  name: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export interface DatabaseConnection {
  url: string;
  poolSize: number;
  /** Shown in pg_stat_activity after `hoi-thi:<service>@` (which instance holds a connection). */
  instance?: string;
}

/** Options of a service's DataSource: its own schema and migrations table, `synchronize` never on. */
export function serviceDataSourceOptions(db: ServiceDatabase, conn: DatabaseConnection): DataSourceOptions {
  return {
    type: 'postgres',
    url: conn.url,
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: conn.poolSize, idleTimeoutMillis: 30000, application_name: `hoi-thi:${db.name}@${conn.instance ?? hostname()}`.slice(0, 63) },
  };
}

/** Creates the schema and runs a service's pending migrations; safe to run concurrently (advisory lock). */
export async function migrateService(db: ServiceDatabase, conn: DatabaseConnection): Promise<string[]> {
  const ds = new DataSource(serviceDataSourceOptions(db, { ...conn, poolSize: 2 }));
  await ds.initialize();
  try {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SELECT pg_advisory_lock(hashtext($1))', [`hoi-thi:migrate:${db.schema}`]);
      await qr.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
      const ran = await ds.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await qr.query('SELECT pg_advisory_unlock(hashtext($1))', [`hoi-thi:migrate:${db.schema}`]).catch(() => undefined);
      await qr.release();
    }
  } finally {
    await ds.destroy();
  }
}

/** Creates `database` on the server of `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error(`database name ${name} must be [a-zA-Z0-9_]+`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const { Client } = await import('pg');
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const { Client } = await import('pg');
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
