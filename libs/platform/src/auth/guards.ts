import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { ProblemException } from '../errors/problem.exception';
import { IS_PUBLIC, ROLES_KEY } from './decorators';
import { HotAuth } from './hot-auth';

/**
 * Global: every route needs a valid access token unless marked @Public(). The token is verified by HotAuth, the
 * process's one verified-token cache in front of passport-jwt's strategy (the hot routes use the same instance):
 * a contestant's start primes the cache that their saves and submit then hit, so each token pays one ES256
 * verification however many routes it calls. A token issued before its user's valid-after (TokenRevocations) is
 * refused there too.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: HotAuth,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; user?: AccessClaimsV1 }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    if (isPublic) {
      if (!req.headers.authorization) return true;
      try {
        req.user = await this.auth.authenticate(req);
      } catch {
        /* a bad token on a public route is simply ignored */
      }
      return true;
    }
    req.user = await this.auth.authenticate(req); // 401 auth.unauthorized when missing, invalid, expired or revoked
    return true;
  }
}

/** Global: @Roles(...) routes need one of the roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!roles?.length) return true;
    const user = ctx.switchToHttp().getRequest<{ user?: AccessClaimsV1 }>().user;
    if (!user) throw new ProblemException('auth.unauthorized');
    if (!user.roles.some((r) => roles.includes(r))) throw new ProblemException('auth.forbidden');
    return true;
  }
}

export function hasRole(user: AccessClaimsV1 | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}
