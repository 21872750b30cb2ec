import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';

/**
 * The built platform as a real process: it starts on the run's database, answers, and on SIGTERM stops
 * accepting, finishes, closes its PostgreSQL pools and ends without an error logged.
 */
const ROOT = resolve(__dirname, '../../../..');
const OUT = resolve(ROOT, `.run/shutdown-${process.pid}`);

describe('platform process: graceful shutdown on SIGTERM', () => {
  let child: ChildProcess;
  let output = '';
  const port = 21000 + Math.floor(Math.random() * 9000);
  const instance = `shutdown-${process.pid}`;

  beforeAll(async () => {
    execFileSync('bash', ['scripts/build.sh'], { cwd: ROOT, env: { ...process.env, OUT_DIR: OUT, SKIP_WEB_BUILD: '1' }, stdio: 'pipe' });
    child = spawn(process.execPath, [resolve(OUT, 'apps/platform/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', WEB_DIST: '', INSTANCE_NAME: instance },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).ok) return;
      } catch {
        /* starting */
      }
      if (child.exitCode !== null) throw new Error(`platform exited: ${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`platform did not become ready: ${output}`);
  }, 90000);

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
    const exited = new Promise<string>((res) => child.once('exit', (code, signal) => res(code === 0 ? 'clean' : signal === 'SIGTERM' ? 'clean' : `code ${code} signal ${signal}`)));
    child.kill('SIGTERM');
    expect(await exited).toBe('clean');
    expect(output).not.toMatch(/"level":50/);
    expect(await count()).toBe(0);
    await pg.end();
    await expect(fetch(`http://127.0.0.1:${port}/api/health/live`)).rejects.toThrow();
  }, 60000);
});
