import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AccessClaimsV1, Role } from '@hoi-thi/contracts';

export const IS_PUBLIC = 'hoi-thi:public';
export const ROLES_KEY = 'hoi-thi:roles';

/** Anyone may call the route (no token needed; a valid one is still read when present). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only users holding one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AccessClaimsV1 | undefined => {
  const req = ctx.switchToHttp().getRequest<{ user?: AccessClaimsV1 }>();
  return req.user;
});
