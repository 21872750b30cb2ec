import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../auth/decorators';
import { REDIS } from '../redis/redis';
import { ReadinessRegistry } from './readiness';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms).unref())]);

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up (no dependency checked). */
  @Get('live')
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** PostgreSQL (each hosted service's pool) and Redis answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    const checks = [['redis', () => this.redis.ping()] as const, ...this.registry.entries()];
    return this.health.check(
      checks.map(([name, fn]) => async () => {
        const s = this.indicators.check(name);
        try {
          await withTimeout(fn(), 2000);
          return s.up();
        } catch (e) {
          return s.down({ message: (e as Error).message });
        }
      }),
    );
  }
}
