import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { envProvider, serviceTypeOrm } from '@hoi-thi/platform';
import { AuditRepository } from './audit/audit.repository';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { CaptchaRepository } from './auth/captcha.repository';
import { CaptchaService } from './auth/captcha.service';
import { IdentityLimits } from './auth/identity-limits';
import { PasswordHasher } from './auth/password-hasher';
import { RefreshTokensRepository } from './auth/refresh-tokens.repository';
import { GeoController } from './geo/geo.controller';
import { REGISTRATION_DATABASE, REGISTRATION_ENTITIES } from './registration.database';
import { RegistrationEnv } from './registration.env';
import { UnitsController } from './units/units.controller';
import { UnitsRepository } from './units/units.repository';
import { UnitsService } from './units/units.service';
import { MeController } from './users/me.controller';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** Root module of the registration service: accounts, credentials, tokens, roles, the unit tree, captcha, geo. */
@Module({
  imports: [serviceTypeOrm(REGISTRATION_DATABASE), TypeOrmModule.forFeature(REGISTRATION_ENTITIES, REGISTRATION_DATABASE.name)],
  controllers: [AuthController, MeController, UsersController, UnitsController, GeoController],
  providers: [
    envProvider(RegistrationEnv),
    AuthService,
    UsersService,
    UnitsService,
    PasswordHasher,
    CaptchaService,
    CaptchaRepository,
    IdentityLimits,
    UsersRepository,
    UnitsRepository,
    RefreshTokensRepository,
    AuditRepository,
  ],
})
export class RegistrationModule {}
