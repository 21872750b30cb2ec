import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, pollUntil, privateRedisPrefix } from '@hoi-thi/testing';

/**
 * The built platform as a real process: it starts on the run's database, answers, and on SIGTERM stops
 * accepting, finishes, closes its PostgreSQL pools and ends without an error logged.
 */
const ROOT = resolve(__dirname, '../../../..');
const OUT = resolve(ROOT, `.run/shutdown-${process.pid}`);

describe('platform process: graceful shutdown on SIGTERM', () => {
  let child: ChildProcess;
  let output = '';
  let port = 0;
  const instance = `shutdown-${process.pid}`;

  beforeAll(async () => {
    execFileSync('bash', ['scripts/build.sh'], { cwd: ROOT, env: { ...process.env, OUT_DIR: OUT, SKIP_WEB_BUILD: '1' }, stdio: 'pipe' });
    // A port the OS picked (a random one in a fixed range could be in use), and Redis keys of this process's own: its
    // consumers must not read (and log errors about) what the files running beside it put on the run's streams.
    port = await freePort();
    child = spawn(process.execPath, [resolve(OUT, 'apps/platform/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        WEB_DIST: '',
        INSTANCE_NAME: instance,
        REDIS_KEY_PREFIX: privateRedisPrefix('shutdown'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    // Four services starting on two loaded cores: a generous deadline.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health/ready`, { signal: AbortSignal.timeout(5000) })).ok) return;
      } catch {
        /* starting */
      }
      if (child.exitCode !== null) throw new Error(`platform exited: ${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`platform did not become ready within 120 s: ${output}`);
  }, 300_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    execFileSync('rm', ['-rf', OUT]);
  });

  it('prints its URL, and on SIGTERM closes its PostgreSQL connections and ends', async () => {
    expect(output).toContain(`Hội Thi is running: http://127.0.0.1:${port}`);
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    const count = async () =>
      Number((await pg.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE $1`, [`hoi-thi:%@${instance}`])).rows[0].n);
    expect(await count()).toBeGreaterThan(0);
    // Nest closes the app (server, pools) and then re-raises the signal: the process ends by SIGTERM, not a crash.
    const exited = new Promise<string>((res) =>
      child.once('exit', (code, signal) => res(code === 0 ? 'clean' : signal === 'SIGTERM' ? 'clean' : `code ${code} signal ${signal}`)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe('clean');
    expect(output).not.toMatch(/"level":50/);
    // The server's backends go away just after the client's Terminate, asynchronously: wait for them (briefly).
    await pollUntil(`no PostgreSQL connection of ${instance} left (pg_stat_activity)`, async () => (await count()) === 0, 30_000, 100).catch(
      async (e: Error) => {
        throw new Error(`${e.message}: ${await count()} left`);
      },
    );
    await pg.end();
    await expect(fetch(`http://127.0.0.1:${port}/api/health/live`)).rejects.toThrow();
  }, 120_000);
});
