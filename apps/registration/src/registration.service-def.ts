import { ServiceDefinition } from '@hoi-thi/platform';
import { REGISTRATION_DATABASE } from './registration.database';
import { RegistrationEnv } from './registration.env';
import { REGISTRATION_ERRORS } from './registration.errors';
import { RegistrationModule } from './registration.module';
import { seedRegistration } from './seed/demo-seed';

export const REGISTRATION_SERVICE: ServiceDefinition = {
  name: 'registration',
  port: 3001,
  module: RegistrationModule,
  database: REGISTRATION_DATABASE,
  env: RegistrationEnv,
  errors: REGISTRATION_ERRORS,
  seed: seedRegistration,
};
