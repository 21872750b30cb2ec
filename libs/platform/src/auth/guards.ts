import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { ProblemException } from '../errors/problem.exception';
import { ISSUED_AT } from './access-token';
import { IS_PUBLIC, ROLES_KEY } from './decorators';
import { TokenRevocations } from './token-revocations';

/**
 * Global: every route needs a valid access token unless marked @Public(). A token issued before its user's valid-after
 * (TokenRevocations) is refused here, by this application's own map: passport keeps one 'jwt' strategy per process,
 * the last one constructed, which in a process hosting several applications (tests) may be another one's.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly revocations: TokenRevocations,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    if (isPublic) {
      const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
      if (!req.headers.authorization) return true;
      try {
        return (await super.canActivate(ctx)) as boolean;
      } catch {
        return true; // a bad token on a public route is simply ignored
      }
    }
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new ProblemException('auth.unauthorized');
    const claims = user as unknown as AccessClaimsV1 & { [ISSUED_AT]?: number };
    if (this.revocations.isRevoked(claims.sub, claims[ISSUED_AT] ?? 0)) throw new ProblemException('auth.unauthorized');
    return user;
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
