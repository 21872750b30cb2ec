import { ServiceDatabase } from '@hoi-thi/platform';
import { AuditLogEntity } from './audit/audit-log.entity';
import { RefreshTokenEntity } from './auth/refresh-token.entity';
import { InitRegistration1700000000000 } from './migrations/1700000000000-init-registration';
import { RegistrationTables1763769600000 } from './migrations/1763769600000-registration-tables';
import { UnitEntity } from './units/unit.entity';
import { UserEntity } from './users/user.entity';

/** What registration owns in PostgreSQL: the `registration` schema. */
export const REGISTRATION_DATABASE: ServiceDatabase = {
  name: 'registration',
  schema: 'registration',
  entities: [UserEntity, UnitEntity, RefreshTokenEntity, AuditLogEntity],
  migrations: [InitRegistration1700000000000, RegistrationTables1763769600000],
};

export const REGISTRATION_ENTITIES = [UserEntity, UnitEntity, RefreshTokenEntity, AuditLogEntity];
