import { Module } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { startPlatform } from '../src/bootstrap';
import { envProvider, PlatformEnv, resetEnvCache, serviceEnv, toBool, toInt, validateEnv } from '../src/config/platform-env';
import { generateSecrets } from '../src/config/secrets';
import type { ServiceDefinition } from '../src/service-definition';

class SampleEnv {
  /** A switch. */
  @Transform(toBool) @IsBoolean() SAMPLE_WORKERS = true;
  /** A bounded number. */
  @Transform(toInt) @IsInt() @Min(10) SAMPLE_EVERY_MS = 500;
}

const secrets = generateSecrets();
const platformEnv = (extra: Record<string, string> = {}) => validateEnv(PlatformEnv, { ...secrets, ...extra });

describe(serviceEnv.name, () => {
  it('reads a service variable through PlatformEnv, with its default when unset or empty', () => {
    expect(serviceEnv(SampleEnv, platformEnv())).toMatchObject({ SAMPLE_WORKERS: true, SAMPLE_EVERY_MS: 500 });
    expect(serviceEnv(SampleEnv, platformEnv({ SAMPLE_WORKERS: 'off', SAMPLE_EVERY_MS: '' }))).toMatchObject({ SAMPLE_WORKERS: false, SAMPLE_EVERY_MS: 500 });
  });

  it('validates once per environment: the boot and the provider share one instance', () => {
    const env = platformEnv({ SAMPLE_EVERY_MS: '20' });
    const provider = envProvider(SampleEnv);
    expect(provider.provide).toBe(SampleEnv);
    expect(provider.useFactory(env)).toBe(serviceEnv(SampleEnv, env));
  });

  it('refuses a switch it does not know and a number out of bounds, each in one line naming it', () => {
    expect(() => serviceEnv(SampleEnv, platformEnv({ SAMPLE_WORKERS: 'of' }))).toThrow(/^Configuration error: SAMPLE_WORKERS="of" is invalid/);
    expect(() => serviceEnv(SampleEnv, platformEnv({ SAMPLE_EVERY_MS: '5' }))).toThrow(
      /^Configuration error: SAMPLE_EVERY_MS="5" is invalid \(SAMPLE_EVERY_MS must not be less than 10\)$/,
    );
  });
});

describe(`${startPlatform.name} with a wrong service variable`, () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
    jest.restoreAllMocks();
  });

  it('exits 78 with one line naming it, before building anything (no module, no connection, no port)', async () => {
    // Unreachable PostgreSQL and Redis: a boot that went any further would fail on them, not with the line below.
    process.env = {
      ...saved,
      ...secrets,
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      REDIS_URL: 'redis://127.0.0.1:1',
      SAMPLE_EVERY_MS: 'soon',
    };
    resetEnvCache();
    const built = jest.fn(() => ({}));
    @Module({ providers: [{ provide: 'BUILT', useFactory: built }] })
    class SampleModule {}
    const written: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const sample = { name: 'exam-session', port: 0, module: SampleModule, env: SampleEnv } as unknown as ServiceDefinition;

    await expect(startPlatform([sample])).rejects.toThrow('exit 78');
    expect(exit).toHaveBeenCalledWith(78);
    expect(written).toEqual([expect.stringMatching(/^Configuration error: SAMPLE_EVERY_MS="soon" is invalid \([^\n]*must be an integer number[^\n]*\)\n$/)]);
    expect(built).not.toHaveBeenCalled();
  });
});
