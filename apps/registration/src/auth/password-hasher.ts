import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { BoundedPool, PoolSaturatedError } from './bounded-pool';
import { RegistrationEnv } from '../registration.env';
import { registrationError } from '../registration.errors';

/** OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const HASH_PARAMS_LABEL = 'argon2id m=19456 KiB, t=2, p=1';

/**
 * Password hashing through a bounded pool: HASH_CONCURRENCY hashes at once (each holds 19 MiB), HASH_QUEUE_LIMIT
 * waiting, and beyond that 503 `auth.busy` with Retry-After — a login burst queues instead of exhausting memory.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly pool: BoundedPool;
  /** Verified when the account does not exist, so that "unknown user" costs the same time as "wrong password". */
  private dummyHash = '';

  constructor(settings: RegistrationEnv) {
    this.pool = new BoundedPool(settings.HASH_CONCURRENCY, settings.HASH_QUEUE_LIMIT);
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return this.guard(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  /** True when `password` matches `hash`; with no hash (unknown account) verifies a dummy and answers false. */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    const ok = await this.guard(() => argon2.verify(hash ?? this.dummyHash, password).catch(() => false));
    return ok && !!hash;
  }

  private async guard<T>(job: () => Promise<T>): Promise<T> {
    try {
      return await this.pool.run(job);
    } catch (e) {
      if (e instanceof PoolSaturatedError) throw registrationError('auth.busy', undefined, { 'retry-after': '2' });
      throw e;
    }
  }
}
