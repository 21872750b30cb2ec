import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AccessTokens } from './auth/access-token';
import { JwtAuthGuard, RolesGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { PlatformEnv } from './config/platform-env';
import { ProblemFilter } from './errors/problem.filter';
import { HealthController } from './health/health.controller';
import { requestLogOptions } from './http/request-logging';
import { ReadinessRegistry } from './health/readiness';
import { RateLimits } from './rate-limit/rate-limits';
import { RedisModule } from './redis/redis.module';
import { createValidationPipe } from './validation/validation';

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
        // The request logging itself is a Fastify hook (installRequestLogging, in bootstrap): no Nest middleware.
        LoggerModule.forRoot({ pinoHttp: requestLogOptions(env.LOG_LEVEL), forRoutes: [] }),
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
