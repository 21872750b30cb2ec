import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessTokens } from './auth/access-token';
import { JwtAuthGuard, RolesGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { PlatformEnv } from './config/platform-env';
import { ProblemFilter } from './errors/problem.filter';
import { HealthController } from './health/health.controller';
import { quietRoutes } from './http/quiet-routes';
import { ReadinessRegistry } from './health/readiness';
import { RateLimits } from './rate-limit/rate-limits';
import { RedisModule } from './redis/redis.module';
import { createValidationPipe } from './validation/validation';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Everything every process needs once: validated env, pino logs with request ids, Redis, JWT verification
 * (guards global: routes are private unless @Public()), problem+json errors, validation, health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(env: PlatformEnv): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot({
          exclude: quietRoutes(),
          pinoHttp: {
            level: env.LOG_LEVEL,
            genReqId: (req: IncomingMessage) => {
              // Fastify has already given the request its id (x-request-id when sent, else a UUID).
              const own = (req as IncomingMessage & { id?: unknown }).id;
              const h = req.headers['x-request-id'];
              return typeof own === 'string' ? own : typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
            },
            autoLogging: { ignore: (req: IncomingMessage) => /\/health\/(live|ready)/.test((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '') },
            customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: {
              req: (r: { id: string; method: string; url: string }) => ({ id: r.id, method: r.method, url: r.url }),
              res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
            },
          },
        }),
        RedisModule,
        PassportModule,
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: PlatformEnv, useValue: env },
        {
          provide: AccessTokens,
          useFactory: () =>
            new AccessTokens({ secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, ttlSeconds: env.JWT_ACCESS_TTL_SECONDS }),
        },
        JwtStrategy,
        ReadinessRegistry,
        RateLimits,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [PlatformEnv, AccessTokens, ReadinessRegistry, RateLimits, RedisModule],
    };
  }
}
