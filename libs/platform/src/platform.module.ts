import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessTokens } from './auth/access-token';
import { JwtAuthGuard, RolesGuard } from './auth/guards';
import { HotAuth } from './auth/hot-auth';
import { TokenRevocations } from './auth/token-revocations';
import { Clock, SystemClock } from './clock/clock';
import { PlatformEnv } from './config/platform-env';
import { ProblemFilter } from './errors/problem.filter';
import { HealthController } from './health/health.controller';
import { requestLogOptions } from './http/request-logging';
import { ReadinessRegistry } from './health/readiness';
import { RateLimits } from './rate-limit/rate-limits';
import { RedisModule } from './redis/redis.module';
import { createValidationPipe } from './validation/validation';

/** The access tokens of a validated env: verification always, signing where JWT_PRIVATE_KEY is set. */
export function accessTokensOf(env: PlatformEnv, ttlSeconds = env.JWT_ACCESS_TTL_SECONDS): AccessTokens {
  return new AccessTokens({
    privateKey: env.JWT_PRIVATE_KEY || undefined,
    publicKey: env.JWT_PUBLIC_KEY || undefined,
    previousPublicKey: env.JWT_PREVIOUS_PUBLIC_KEY || undefined,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    ttlSeconds,
  });
}

/**
 * Everything every process needs once: validated env, pino logs with request ids, Redis, JWT verification and the
 * per-user token revocations
 * (guards global: routes are private unless @Public()), problem+json errors, validation, health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(env: PlatformEnv, opts: { clock?: Clock } = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        // The request logging itself is a Fastify hook (installRequestLogging, in bootstrap): no Nest middleware.
        LoggerModule.forRoot({ pinoHttp: requestLogOptions(env.LOG_LEVEL), forRoutes: [] }),
        RedisModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: PlatformEnv, useValue: env },
        // The one wall clock of the process, injected by its type (tests: createTestApp's FakeClock).
        { provide: Clock, useValue: opts.clock ?? new SystemClock() },
        {
          provide: AccessTokens,
          useFactory: () => accessTokensOf(env),
        },
        TokenRevocations,
        // One verified-token cache per process, shared by the guard of every Nest route and every hot route.
        {
          provide: HotAuth,
          useFactory: (tokens: AccessTokens, revocations: TokenRevocations) => new HotAuth(tokens, revocations),
          inject: [AccessTokens, TokenRevocations],
        },
        ReadinessRegistry,
        RateLimits,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [PlatformEnv, Clock, AccessTokens, TokenRevocations, HotAuth, ReadinessRegistry, RateLimits, RedisModule],
    };
  }
}
