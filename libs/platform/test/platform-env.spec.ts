import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, PlatformEnv, validateEnv } from '../src/config/platform-env';
import { generateSecrets, PUBLISHED_SECRETS } from '../src/config/secrets';

const secrets = generateSecrets();

/** The one-line errors validateEnv gives for `source`, or [] when it is valid. */
function errors(source: Record<string, string>): string[] {
  try {
    validateEnv(PlatformEnv, source);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split('\n');
  }
}

describe(validateEnv.name, () => {
  it('gives the single-machine defaults when nothing but the secrets is set', () => {
    const env = validateEnv(PlatformEnv, { ...secrets });
    expect(env.PORT).toBe(3000);
    expect(env.SERVICES).toBe('all');
    expect(env.SWAGGER_ENABLED).toBe(true);
    expect(env.ANSWER_GRACE_MS).toBe(2000);
    expect(env.SECRETS_FILE).toBe('.run/secrets.env');
  });

  it('converts numbers and booleans from strings', () => {
    const env = validateEnv(PlatformEnv, { ...secrets, PORT: '3002', SWAGGER_ENABLED: 'off', DB_POOL_SIZE: '8' });
    expect(env).toMatchObject({ PORT: 3002, SWAGGER_ENABLED: false, DB_POOL_SIZE: 8 });
  });

  it('refuses a wrong value with one line naming the variable', () => {
    expect(() => validateEnv(PlatformEnv, { ...secrets, PORT: 'abc' })).toThrow(ConfigError);
    const lines = errors({ ...secrets, PORT: '99999', CITIZEN_ID_PEPPER: 'short' });
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.startsWith('Configuration error: PORT="99999"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Configuration error: CITIZEN_ID_PEPPER=<hidden> is invalid'))).toBe(true);
  });

  it('refuses a switch it does not know rather than reading it as false', () => {
    expect(() => validateEnv(PlatformEnv, { ...secrets, SWAGGER_ENABLED: 'flase' })).toThrow(/^Configuration error: SWAGGER_ENABLED="flase" is invalid/);
  });

  it('refuses an unknown log level', () => {
    expect(() => validateEnv(PlatformEnv, { ...secrets, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('needs a key to verify tokens with, in every mode', () => {
    const { JWT_PRIVATE_KEY: _p, JWT_PUBLIC_KEY: _k, ...rest } = secrets;
    expect(errors(rest)).toEqual([expect.stringMatching(/^Configuration error: JWT_PUBLIC_KEY="" is invalid \(JWT_PUBLIC_KEY is required/)]);
    expect(errors({ ...rest, JWT_PUBLIC_KEY: secrets.JWT_PUBLIC_KEY })).toEqual([]);
  });
});

describe('PlatformEnv in production: one line naming each bad secret', () => {
  const prod = { ...secrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://thi.example.vn' };
  const only = (source: Record<string, string>, name: string) => {
    const lines = errors(source);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${name}=`));
    return lines[0];
  };

  it('boots with secrets of its own', () => {
    expect(errors(prod)).toEqual([]);
  });

  it.each(['JWT_PRIVATE_KEY', 'CITIZEN_ID_PEPPER'])('refuses a missing %s', (name) => {
    expect(only({ ...prod, [name]: '' }, name)).toMatch(/is required/);
  });

  it('refuses a missing public key where registration does not run, and needs no private key there', () => {
    const { JWT_PRIVATE_KEY: _p, ...verifier } = prod;
    expect(errors({ ...verifier, SERVICES: 'exam-session,leaderboard' })).toEqual([]);
    expect(only({ ...verifier, SERVICES: 'exam-session', JWT_PUBLIC_KEY: '' }, 'JWT_PUBLIC_KEY')).toMatch(/is required/);
    expect(only({ ...verifier, SERVICES: 'registration' }, 'JWT_PRIVATE_KEY')).toMatch(/where registration runs/);
  });

  it.each([
    ['a short pepper', 'CITIZEN_ID_PEPPER', 'x'.repeat(31), /at least 32/],
    ['the old published pepper', 'CITIZEN_ID_PEPPER', PUBLISHED_SECRETS[1], /published/],
    ['a placeholder pepper', 'CITIZEN_ID_PEPPER', 'change-me-change-me-change-me-change-me', /published/],
    ['a short pepper', 'CITIZEN_ID_PEPPER', 'abc', /at least 32/],
    ['the old HS256 secret', 'JWT_SECRET', PUBLISHED_SECRETS[0], /no longer used/],
    ['a private key that is no key', 'JWT_PRIVATE_KEY', 'not a pem at all', /not a PEM private key/],
    [
      'a private key of the wrong curve',
      'JWT_PRIVATE_KEY',
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      /P-256/,
    ],
    [
      'an RSA public key',
      'JWT_PUBLIC_KEY',
      generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string,
      /P-256/,
    ],
    ['a public key that does not match the private key', 'JWT_PUBLIC_KEY', generateSecrets().JWT_PUBLIC_KEY, /does not match/],
  ])('refuses %s', (_what, name, value, reason) => {
    const line = only({ ...prod, [name]: value }, name);
    expect(line).toMatch(reason);
    expect(line).not.toContain(value); // a secret is never printed
  });

  it('takes a PEM written on one line with \\n escapes', () => {
    expect(
      errors({ ...prod, JWT_PRIVATE_KEY: secrets.JWT_PRIVATE_KEY.replace(/\n/g, '\\n'), JWT_PUBLIC_KEY: secrets.JWT_PUBLIC_KEY.replace(/\n/g, '\\n') }),
    ).toEqual([]);
  });
});
