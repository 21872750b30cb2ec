import { ConfigError, generateSecrets, PlatformEnv, resetEnvCache, serviceEnv, startPlatform, validateEnv } from '@hoi-thi/platform';
import { ExamSessionEnv } from './exam-session.env';
import { EXAM_SESSION_SERVICE } from './exam-session.service-def';
import { examConfigFrom } from './shared/exam-config';

const secrets = generateSecrets();
const settings = (vars: Record<string, string> = {}) => {
  const env = validateEnv(PlatformEnv, { ...secrets, ...vars });
  return { env, exam: serviceEnv(ExamSessionEnv, env) };
};
const refusal = (vars: Record<string, string>): string => {
  try {
    settings(vars);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('accepted');
};

describe(ExamSessionEnv.name, () => {
  it('keeps the single-machine defaults, the grace being the platform’s', () => {
    const { env, exam } = settings();
    expect(examConfigFrom(env, exam)).toEqual({
      graceMs: 2000,
      workers: true,
      sweepIntervalMs: 500,
      fallbackScanMs: 15000,
      commitMaxBatch: 1000,
      commitConcurrency: 3,
      hotPoolSize: 10,
      eventsPerMinute: 120,
    });
  });

  it('reads EXAM_WORKERS as a switch: on/off as before, and refuses a typo instead of taking it for on', () => {
    expect(settings({ EXAM_WORKERS: 'off' }).exam.EXAM_WORKERS).toBe(false);
    expect(settings({ EXAM_WORKERS: 'on' }).exam.EXAM_WORKERS).toBe(true);
    expect(settings({ EXAM_WORKERS: 'false' }).exam.EXAM_WORKERS).toBe(false);
    expect(refusal({ EXAM_WORKERS: 'of' })).toMatch(/^Configuration error: EXAM_WORKERS="of" is invalid/);
  });

  it('keeps 0 as "never" for the sweeper and the scan', () => {
    const { exam } = settings({ EXAM_SWEEP_INTERVAL_MS: '0', EXAM_FALLBACK_SCAN_MS: '0' });
    expect([exam.EXAM_SWEEP_INTERVAL_MS, exam.EXAM_FALLBACK_SCAN_MS]).toEqual([0, 0]);
  });

  it.each([
    ['EXAM_SWEEP_INTERVAL_MS', 'soon'],
    ['EXAM_FALLBACK_SCAN_MS', '-1'],
    ['EXAM_COMMIT_MAX_BATCH', '0'],
    ['EXAM_COMMIT_CONCURRENCY', '1.5'],
    ['EXAM_PG_POOL_SIZE', '1'],
    ['EXAM_EVENTS_PER_MINUTE', '0'],
  ])('refuses %s=%s with one line naming it', (name, value) => {
    const message = refusal({ [name]: value });
    expect(message.split('\n')).toEqual([expect.stringMatching(new RegExp(`^Configuration error: ${name}="${value.replace('.', '\\.')}" is invalid \\(`))]);
  });
});

describe(`${startPlatform.name}([EXAM_SESSION_SERVICE]) with a wrong EXAM_ variable`, () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
    jest.restoreAllMocks();
  });

  it('exits 78 at boot with one line naming it, before the service is built or anything is contacted', async () => {
    // Nothing listens on port 1: a boot that reached the database, Redis or the exam pool would fail otherwise.
    process.env = {
      ...saved,
      ...secrets,
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      REDIS_URL: 'redis://127.0.0.1:1',
      EXAM_PG_POOL_SIZE: 'ten',
    };
    resetEnvCache();
    const written: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);

    await expect(startPlatform([EXAM_SESSION_SERVICE])).rejects.toThrow('exit 78');
    expect(written).toEqual([expect.stringMatching(/^Configuration error: EXAM_PG_POOL_SIZE="ten" is invalid \([^\n]+\)\n$/)]);
  });
});
