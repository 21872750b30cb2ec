import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type HealthIndicatorV1, HealthLiveV1, HealthReadyV1 } from '@hoi-thi/contracts';
import { contractRef, Returns } from '../http/contract';
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
    private readonly registry: ReadinessRegistry,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up (no dependency checked). */
  @Get('live')
  @Returns(HealthLiveV1)
  live(): HealthLiveV1 {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * PostgreSQL (each hosted service's pool) and Redis answer, each within 2 s: 200 `ok`, else 503 `error` naming
   * the one down (the body load balancers and Kubernetes probes read; the one error answer that is not problem+json).
   */
  @Get('ready')
  @Header('cache-control', 'no-cache, no-store, must-revalidate')
  @Returns(HealthReadyV1, { description: 'every dependency answers' })
  @ApiResponse({
    status: 503,
    description: 'a dependency does not answer: `error` names it',
    content: { 'application/json': { schema: contractRef(HealthReadyV1) as never } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReadyV1> {
    const checks = [['redis', () => this.redis.ping()] as const, ...this.registry.entries()];
    const results = await Promise.all(
      checks.map(async ([name, fn]): Promise<[string, HealthIndicatorV1]> => {
        try {
          await withTimeout(fn(), 2000);
          return [name, { status: 'up' }];
        } catch (e) {
          return [name, { status: 'down', message: (e as Error).message }];
        }
      }),
    );
    const pick = (status: HealthIndicatorV1['status']) => Object.fromEntries(results.filter(([, r]) => r.status === status));
    const down = results.some(([, r]) => r.status === 'down');
    if (down) void reply.status(503);
    return { status: down ? 'error' : 'ok', info: pick('up'), error: pick('down'), details: Object.fromEntries(results) };
  }
}
