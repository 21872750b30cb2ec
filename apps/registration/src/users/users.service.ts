import { Injectable } from '@nestjs/common';
import type { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { PlatformEnv, TokenRevocations } from '@hoi-thi/platform';
import { AuditRepository } from '../audit/audit.repository';
import { duplicateProblem } from '../auth/auth.service';
import { IdentityLimits } from '../auth/identity-limits';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import { isWardInProvince } from '../geo/vn-admin-units';
import { UnitsRepository } from '../units/units.repository';
import type { UserPageV1, UserV1 } from '@hoi-thi/contracts';
import { ListUsersQuery } from './dto/admin.dto';
import { isUuid, toUserView, UpdateMeDto } from './dto/profile.dto';
import { citizenIdColumns, normalizeVnMobile } from './profile-rules';
import { uniqueViolationField, UsersRepository } from './users.repository';
import { registrationError, registrationFieldError } from '../registration.errors';

export function encodeCursor(c: { createdAt: Date; id: string }): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString('base64url');
}
export function decodeCursor(s: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw registrationFieldError('cursor', 'users.cursor.invalid', 'users.cursor.invalid');
  return { createdAt, id };
}

/** The answer to a contestant sending a citizen ID other than the one on file (set-once rule, see updateMe). */
const citizenIdLocked = () => registrationError('user.citizenId.locked', [{ field: 'citizenId', constraint: 'setOnce', message: 'user.citizenId.locked' }]);

/** Own profile, and the admin's users, roles and citizen IDs (audited). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly units: UnitsRepository,
    private readonly tokens: RefreshTokensRepository,
    private readonly audit: AuditRepository,
    private readonly env: PlatformEnv,
    private readonly identity: IdentityLimits,
    private readonly revocations: TokenRevocations,
  ) {}

  async me(id: string): Promise<UserV1> {
    const user = await this.users.findById(id);
    if (!user) throw registrationError('user.not-found');
    return toUserView(user);
  }

  /**
   * Changes harmless fields (the DTO refuses the rest; ward must lie in the new or kept province) and adds a citizen
   * ID. The citizen ID is **set once**: accepted while the account has none (fingerprint and last 3 digits stored as
   * at registration, audited as `user.citizenId.set` without the number); the same number again changes nothing; a
   * different one is refused (409 user.citizenId.locked), because a contestant swapping identities mid-contest is
   * what the CCCD requirement exists to prevent: only an admin changes or clears one (setCitizenId). Another
   * account's number → 409 user.duplicate naming citizenId (looked up first; between racing accounts the unique
   * index decides). All in one transaction, the row locked: a refusal changes nothing, and two racing requests of
   * one account cannot both set a number. A new e-mail or citizen ID is a lookup of another account's data, so such a
   * change is rate-limited per user and per address, and its "taken" answers spend the address's duplicate budget
   * (IdentityLimits), as at registration.
   */
  async updateMe(id: string, dto: UpdateMeDto, ip: string | null = null): Promise<UserV1> {
    const user = await this.users.findById(id);
    if (!user) throw registrationError('user.not-found');
    const provinceCode = dto.provinceCode ?? user.provinceCode;
    const wardCode = dto.wardCode ?? user.wardCode;
    if ((dto.provinceCode !== undefined || dto.wardCode !== undefined) && !isWardInProvince(wardCode, provinceCode)) {
      throw registrationFieldError('wardCode', 'user.wardCode.invalid');
    }
    if (dto.unitId && !(await this.units.exists(dto.unitId))) throw registrationFieldError('unitId', 'user.unitId.invalid');
    const citizen = dto.citizenId !== undefined ? citizenIdColumns(dto.citizenId, this.env.CITIZEN_ID_PEPPER) : null;
    const onFile = user.citizenIdHash || null;
    if (citizen && onFile && onFile !== citizen.citizenIdHash) throw citizenIdLocked();
    // A friendly early answer naming every taken field (and no failed statement in the logs); the unique indexes
    // still decide a race, in the transaction below.
    const newEmail = dto.email && dto.email !== user.email ? dto.email : null;
    const newCitizenIdHash = citizen && !onFile ? citizen.citizenIdHash : null;
    const addr = ip ?? 'unknown';
    if (newEmail || newCitizenIdHash) {
      await this.identity.profileChange(id, addr);
      const taken = await this.users.takenFields(null, newEmail, newCitizenIdHash, id);
      if (taken.length) {
        await this.identity.duplicateAnswered(addr);
        throw duplicateProblem(taken);
      }
    }
    const patch = {
      ...(dto.fullName !== undefined && { fullName: dto.fullName }),
      ...(dto.email !== undefined && { email: dto.email ?? null }),
      ...(dto.provinceCode !== undefined || dto.wardCode !== undefined ? { provinceCode, wardCode } : {}),
      ...(dto.unitId !== undefined && { unitId: dto.unitId ?? null }),
      ...(dto.category !== undefined && { category: dto.category }),
    };
    if (Object.keys(patch).length || citizen) {
      await this.users.transaction(async (m) => {
        try {
          if (citizen) {
            // Read again under the row lock: a concurrent request of the same account may have set one meanwhile.
            const current = await this.users.lockCitizenId(m, id);
            if (current === undefined) throw registrationError('user.not-found');
            if (current === null) {
              await this.users.setCitizenId(m, id, citizen);
              await this.audit.record({ actorId: id, action: 'user.citizenId.set', targetType: 'user', targetId: id, details: { by: 'self' }, ip }, m);
            } else if (current !== citizen.citizenIdHash) {
              throw citizenIdLocked();
            }
          }
          if (Object.keys(patch).length) await this.users.update(id, patch, m);
        } catch (e) {
          const field = uniqueViolationField(e);
          if (!field) throw e;
          await this.identity.duplicateAnswered(addr);
          throw duplicateProblem([field]);
        }
      });
    }
    return this.me(id);
  }

  /**
   * An admin sets, changes or (null) clears a user's citizen ID: the only way to change one once set (a contestant
   * can only add one, see updateMe). Audited as `user.citizenId.changed` with whether one was / is on file, never
   * the number nor its fingerprint. Another account's number → 409 user.duplicate naming citizenId, nothing changed.
   */
  async setCitizenId(actor: AccessClaimsV1, id: string, citizenId: string | null, ip: string): Promise<UserV1> {
    if (!isUuid(id)) throw registrationError('user.not-found');
    const columns = citizenId === null ? { citizenIdHash: null, citizenIdLast3: null } : citizenIdColumns(citizenId, this.env.CITIZEN_ID_PEPPER);
    if (columns.citizenIdHash) {
      const taken = await this.users.takenFields(null, null, columns.citizenIdHash, id);
      if (taken.length) throw duplicateProblem(taken);
    }
    await this.users.transaction(async (m) => {
      const onFile = await this.users.lockCitizenId(m, id);
      if (onFile === undefined) throw registrationError('user.not-found');
      if (onFile === columns.citizenIdHash) return;
      try {
        await this.users.setCitizenId(m, id, columns);
      } catch (e) {
        const field = uniqueViolationField(e);
        if (field) throw duplicateProblem([field]);
        throw e;
      }
      const details = { hadCitizenId: onFile !== null, hasCitizenId: columns.citizenIdHash !== null };
      await this.audit.record({ actorId: actor.sub, action: 'user.citizenId.changed', targetType: 'user', targetId: id, details, ip }, m);
    });
    return this.me(id);
  }

  async list(q: ListUsersQuery): Promise<UserPageV1> {
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
   * so the platform always keeps one. A change takes effect within seconds: the user's access tokens issued before
   * it are refused everywhere (TokenRevocations), and the next refresh issues one carrying the new roles.
   */
  async setRoles(actor: AccessClaimsV1, id: string, roles: Role[], ip: string): Promise<UserV1> {
    if (!isUuid(id)) throw registrationError('user.not-found');
    const changed = await this.users.transaction(async (m) => {
      const admins = await this.users.lockAdmins(m);
      const user = await this.users.findById(id, m);
      if (!user) throw registrationError('user.not-found');
      const before = [...user.roles];
      if (before.includes('admin') && !roles.includes('admin') && admins.length <= 1 && admins.includes(id)) {
        throw registrationError('user.last-admin');
      }
      await this.users.setRoles(m, id, roles);
      await this.audit.record({ actorId: actor.sub, action: 'user.roles.changed', targetType: 'user', targetId: id, details: { before, after: roles }, ip }, m);
      return before.length !== roles.length || before.some((r) => !roles.includes(r));
    });
    // After the commit: a token refreshed from now on carries the new roles.
    if (changed) await this.revocations.revokeUser(id);
    return this.me(id);
  }
}
