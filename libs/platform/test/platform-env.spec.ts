import { ConfigError, PlatformEnv, validateEnv } from '../src/config/platform-env';

describe(validateEnv.name, () => {
  it('gives the single-machine defaults when nothing is set', () => {
    const env = validateEnv(PlatformEnv, {});
    expect(env.PORT).toBe(3000);
    expect(env.SERVICES).toBe('all');
    expect(env.CAPTCHA_ENABLED).toBe(true);
    expect(env.ANSWER_GRACE_MS).toBe(2000);
  });

  it('converts numbers and booleans from strings', () => {
    const env = validateEnv(PlatformEnv, { PORT: '3002', CAPTCHA_ENABLED: 'false', HASH_CONCURRENCY: '8' });
    expect(env).toMatchObject({ PORT: 3002, CAPTCHA_ENABLED: false, HASH_CONCURRENCY: 8 });
  });

  it('refuses a wrong value with one line naming the variable', () => {
    expect(() => validateEnv(PlatformEnv, { PORT: 'abc' })).toThrow(ConfigError);
    try {
      validateEnv(PlatformEnv, { PORT: '99999', JWT_SECRET: 'short' });
    } catch (e) {
      const lines = (e as Error).message.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines.some((l) => l.startsWith('Configuration error: PORT="99999"'))).toBe(true);
      expect(lines.some((l) => l.startsWith('Configuration error: JWT_SECRET="short"'))).toBe(true);
    }
    expect.assertions(4);
  });

  it('refuses an unknown log level', () => {
    expect(() => validateEnv(PlatformEnv, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
