import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PlatformEnv } from '../config/platform-env';
import { createRedis, REDIS } from './redis';

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [PlatformEnv], useFactory: (env: PlatformEnv) => createRedis(env.REDIS_URL, env.REDIS_KEY_PREFIX) }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
