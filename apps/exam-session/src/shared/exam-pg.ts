import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { Pool } from 'pg';
import { PlatformEnv } from '@hoi-thi/platform';

/**
 * The hot paths' own `pg` pool (no TypeORM on a save or a submit: one prepared multi-row statement per batch).
 * Sized small on purpose: group commit needs few connections, each carrying a large batch.
 */
export const EXAM_PG = Symbol('exam-session:PG');

export function createExamPool(env: PlatformEnv, size: number): Pool {
  const pool = new Pool({
    connectionString: env.DATABASE_URL,
    max: size,
    idleTimeoutMillis: 30000,
    application_name: `hoi-thi:exam-session:hot@${env.INSTANCE_NAME || hostname()}`.slice(0, 63),
  });
  // An idle client whose server went away (PostgreSQL restarted) emits 'error' on the pool; without a listener
  // that kills the process. The pool drops the client and the next query connects anew.
  pool.on('error', (e) => logger.warn(`idle PostgreSQL client lost: ${e.message}`));
  return pool;
}

const logger = new Logger('ExamPg');
