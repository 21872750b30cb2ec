import { randomUUID } from 'node:crypto';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { PlatformEnv, ProblemException, TokenRevocations } from '@hoi-thi/platform';
import type { AuditRepository } from '../audit/audit.repository';
import type { IdentityLimits } from '../auth/identity-limits';
import type { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import type { UnitsRepository } from '../units/units.repository';
import { citizenIdColumns } from './profile-rules';
import type { UserEntity } from './user.entity';
import type { UsersRepository } from './users.repository';
import { decodeCursor, encodeCursor, UsersService } from './users.service';

function user(id: string, roles: UserEntity['roles']): UserEntity {
  return {
    id,
    roles,
    fullName: 'Người Thử',
    dateOfBirth: '1990-01-01',
    phone: '+84900000009',
    email: null,
    passwordHash: '',
    citizenIdHash: null,
    citizenIdLast3: null,
    provinceCode: '01',
    wardCode: '10101003',
    unitId: null,
    category: 'other',
    disabled: false,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  };
}

describe(UsersService.name, () => {
  const actor: AccessClaimsV1 = { sub: randomUUID(), roles: ['admin'], typ: 'access' };
  let users: Record<string, UserEntity>;
  let admins: string[];
  let mocks: {
    users: jest.Mocked<Partial<UsersRepository>>;
    tokens: jest.Mocked<Partial<RefreshTokensRepository>>;
    audit: jest.Mocked<Partial<AuditRepository>>;
    revocations: jest.Mocked<Pick<TokenRevocations, 'revokeUser'>>;
  };
  let sut: UsersService;

  beforeEach(() => {
    users = {};
    admins = [];
    mocks = {
      users: {
        transaction: jest.fn((work) => work({} as never)) as never,
        lockAdmins: jest.fn(async () => admins),
        findById: jest.fn(async (id: string) => users[id] ?? null),
        setRoles: jest.fn(async (_m, id: string, roles) => {
          users[id] = { ...users[id], roles };
        }),
      },
      tokens: { revokeAllOfUser: jest.fn(async () => undefined) },
      audit: { record: jest.fn(async () => undefined) },
      revocations: { revokeUser: jest.fn(async (_userId: string) => undefined) },
    };
    sut = new UsersService(
      mocks.users as UsersRepository,
      {} as UnitsRepository,
      mocks.tokens as RefreshTokensRepository,
      mocks.audit as AuditRepository,
      {
        CITIZEN_ID_PEPPER: 'unit-test-pepper-0123456789',
      } as PlatformEnv,
      { profileChange: jest.fn(async () => undefined), duplicateAnswered: jest.fn(async () => undefined) } as unknown as IdentityLimits,
      mocks.revocations as unknown as TokenRevocations,
    );
  });

  describe('setRoles', () => {
    it('keeps the last admin an admin, even by their own hand', async () => {
      const id = randomUUID();
      users[id] = user(id, ['admin']);
      admins = [id];
      const err = await sut.setRoles({ ...actor, sub: id }, id, ['contestant'], '127.0.0.1').catch((e) => e);
      expect(err).toBeInstanceOf(ProblemException);
      expect((err as ProblemException).code).toBe('user.last-admin');
      expect(mocks.users.setRoles).not.toHaveBeenCalled();
      expect(mocks.audit.record).not.toHaveBeenCalled();
    });

    it('lets an admin step down when another admin remains', async () => {
      const id = randomUUID();
      users[id] = user(id, ['admin', 'organizer']);
      admins = [id, randomUUID()];
      await expect(sut.setRoles({ ...actor, sub: id }, id, ['organizer'], '127.0.0.1')).resolves.toMatchObject({ roles: ['organizer'] });
      expect(mocks.revocations.revokeUser).toHaveBeenCalledWith(id);
      expect(mocks.tokens.revokeAllOfUser).not.toHaveBeenCalled(); // the next refresh carries the new roles
      expect(mocks.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'user.roles.changed', targetId: id, details: { before: ['admin', 'organizer'], after: ['organizer'] } }),
        expect.anything(),
      );
    });

    it('adds roles without ending the user’s logins, their old access tokens refused', async () => {
      const id = randomUUID();
      users[id] = user(id, ['contestant']);
      await sut.setRoles(actor, id, ['contestant', 'judge'], '127.0.0.1');
      expect(mocks.tokens.revokeAllOfUser).not.toHaveBeenCalled();
      expect(mocks.revocations.revokeUser).toHaveBeenCalledWith(id);
    });

    it('revokes nothing when the roles stay the same', async () => {
      const id = randomUUID();
      users[id] = user(id, ['contestant', 'judge']);
      await sut.setRoles(actor, id, ['judge', 'contestant'], '127.0.0.1');
      expect(mocks.revocations.revokeUser).not.toHaveBeenCalled();
    });

    it('answers not-found for an unknown or malformed id', async () => {
      await expect(sut.setRoles(actor, randomUUID(), ['judge'], '127.0.0.1')).rejects.toMatchObject({ code: 'user.not-found' });
      await expect(sut.setRoles(actor, 'nope', ['judge'], '127.0.0.1')).rejects.toMatchObject({ code: 'user.not-found' });
    });
  });

  describe('updateMe: the citizen ID is set once', () => {
    const pepper = 'unit-test-pepper-0123456789';
    beforeEach(() => {
      Object.assign(mocks.users, {
        takenFields: jest.fn(async () => []),
        lockCitizenId: jest.fn(async (_m, id: string) => users[id]?.citizenIdHash ?? null),
        setCitizenId: jest.fn(async () => undefined),
        update: jest.fn(async () => undefined),
      });
    });

    it('adds one to an account that has none, audited without the number', async () => {
      const id = randomUUID();
      users[id] = user(id, ['contestant']);
      await sut.updateMe(id, { citizenId: '001203004005' }, '127.0.0.1');
      expect(mocks.users.setCitizenId).toHaveBeenCalledWith(expect.anything(), id, citizenIdColumns('001203004005', pepper));
      expect(mocks.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'user.citizenId.set', actorId: id, targetId: id, details: { by: 'self' } }),
        expect.anything(),
      );
      expect(JSON.stringify((mocks.audit.record as jest.Mock).mock.calls)).not.toContain('001203004005');
    });

    it('changes nothing for the number on file, and refuses another one before writing anything', async () => {
      const id = randomUUID();
      users[id] = { ...user(id, ['contestant']), ...citizenIdColumns('001203004005', pepper) };
      await sut.updateMe(id, { citizenId: '001203004005' });
      const err = await sut.updateMe(id, { citizenId: '001203004006', fullName: 'Tên Khác' }).catch((e) => e);
      expect(err).toMatchObject({ code: 'user.citizenId.locked', fieldErrors: [expect.objectContaining({ field: 'citizenId' })] });
      expect(mocks.users.setCitizenId).not.toHaveBeenCalled();
      expect(mocks.users.update).not.toHaveBeenCalled();
      expect(mocks.audit.record).not.toHaveBeenCalled();
    });
  });

  it('round-trips a page cursor and refuses a forged one', () => {
    const c = { createdAt: new Date('2026-02-03T04:05:06.789Z'), id: randomUUID() };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor('garbage')).toThrow(ProblemException);
  });
});
