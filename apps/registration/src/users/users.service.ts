import { Injectable } from '@nestjs/common';
import type { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { fieldProblem, ProblemException } from '@hoi-thi/platform';
import { AuditRepository } from '../audit/audit.repository';
import { duplicateProblem } from '../auth/auth.service';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import { isWardInProvince } from '../geo/vn-admin-units';
import { UnitsRepository } from '../units/units.repository';
import { ListUsersQuery, UserPageView } from './dto/admin.dto';
import { isUuid, toUserView, UpdateMeDto, UserView } from './dto/profile.dto';
import { normalizeVnMobile } from './profile-rules';
import { uniqueViolationField, UsersRepository } from './users.repository';

export function encodeCursor(c: { createdAt: Date; id: string }): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString('base64url');
}
export function decodeCursor(s: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw fieldProblem('cursor', 'users.cursor.invalid', 'users.cursor.invalid');
  return { createdAt, id };
}

/** Own profile, and the admin's users and roles (audited). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly units: UnitsRepository,
    private readonly tokens: RefreshTokensRepository,
    private readonly audit: AuditRepository,
  ) {}

  async me(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new ProblemException('user.not-found');
    return toUserView(user);
  }

  /** Changes harmless fields only (the DTO refuses the rest); ward must lie in the (new or kept) province. */
  async updateMe(id: string, dto: UpdateMeDto): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new ProblemException('user.not-found');
    const provinceCode = dto.provinceCode ?? user.provinceCode;
    const wardCode = dto.wardCode ?? user.wardCode;
    if ((dto.provinceCode !== undefined || dto.wardCode !== undefined) && !isWardInProvince(wardCode, provinceCode)) {
      throw fieldProblem('wardCode', 'user.wardCode.invalid');
    }
    if (dto.unitId && !(await this.units.exists(dto.unitId))) throw fieldProblem('unitId', 'user.unitId.invalid');
    if (dto.email && dto.email !== user.email) {
      const taken = await this.users.takenFields(null, dto.email, null, id);
      if (taken.length) throw duplicateProblem(taken);
    }
    const patch = {
      ...(dto.fullName !== undefined && { fullName: dto.fullName }),
      ...(dto.email !== undefined && { email: dto.email ?? null }),
      ...(dto.provinceCode !== undefined || dto.wardCode !== undefined ? { provinceCode, wardCode } : {}),
      ...(dto.unitId !== undefined && { unitId: dto.unitId ?? null }),
      ...(dto.category !== undefined && { category: dto.category }),
    };
    if (Object.keys(patch).length) {
      try {
        await this.users.update(id, patch);
      } catch (e) {
        const field = uniqueViolationField(e);
        if (field) throw duplicateProblem([field]);
        throw e;
      }
    }
    return this.me(id);
  }

  async list(q: ListUsersQuery): Promise<UserPageView> {
    const search = q.q?.trim();
    const phone = search ? normalizeVnMobile(search) : null;
    const page = await this.users.list({
      limit: q.limit ?? 20,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      phone: phone ?? undefined,
      name: search && !phone ? search.normalize('NFC') : undefined,
      role: q.role,
    });
    return { items: page.items.map(toUserView), nextCursor: page.next ? encodeCursor(page.next) : null };
  }

  /**
   * Replaces a user's roles (audited). The last enabled admin cannot lose `admin` (not even by their own hand),
   * so the platform always keeps one. Removing any role also ends the user's logins (refresh tokens), so the
   * loss takes effect when their current access token expires.
   */
  async setRoles(actor: AccessClaimsV1, id: string, roles: Role[], ip: string): Promise<UserView> {
    if (!isUuid(id)) throw new ProblemException('user.not-found');
    await this.users.transaction(async (m) => {
      const admins = await this.users.lockAdmins(m);
      const user = await this.users.findById(id, m);
      if (!user) throw new ProblemException('user.not-found');
      const before = [...user.roles];
      if (before.includes('admin') && !roles.includes('admin') && admins.length <= 1 && admins.includes(id)) {
        throw new ProblemException('user.last-admin');
      }
      await this.users.setRoles(m, id, roles);
      const removed = before.filter((r) => !roles.includes(r));
      if (removed.length) await this.tokens.revokeAllOfUser(id, m);
      await this.audit.record({ actorId: actor.sub, action: 'user.roles.changed', targetType: 'user', targetId: id, details: { before, after: roles }, ip }, m);
    });
    return this.me(id);
  }
}
