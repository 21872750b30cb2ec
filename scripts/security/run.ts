import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deleteKeysWithPrefix, dropDatabase, ensureDatabase, generateSecrets } from '@hoi-thi/platform';
import { freePort, waitForPlatform } from '@hoi-thi/testing';
import { formatSweepReport, prepareSweep, runSecuritySweep, SlowProbe, sweepFailures } from '@hoi-thi/testing/security-sweep';

/**
 * npm run security: the hostile-input sweep in full (libs/testing/src/security-sweep.ts) against a platform process
 * of its own (a database, a Redis key prefix and a loopback port of its own, the demo seed), over real HTTP. One
 * table; exit 1 on any offender, on a health probe slower than SECURITY_STALL_MS, or on a route left uncovered.
 */
const built = resolve(__dirname, '../..');
const root = process.cwd();
const STALL_MS = Number(process.env.SECURITY_STALL_MS ?? 100);

/**
 * What the platform's loop monitor (loop-monitor.ts) logged over each slow probe's span: a held loop or a long GC
 * there is the platform's stall; none means the probe waited on something else (the machine, the probe's thread).
 */
function attachPlatformLoop(slow: SlowProbe[], logged: string[]): void {
  const events: { kind: string; startMs: number; endMs: number; ms: number }[] = [];
  for (const l of logged) {
    if (!l.startsWith('{"security')) continue;
    try {
      const o = JSON.parse(l) as {
        securityLoop?: { startMs: number; endMs: number; ms: number };
        securityGc?: { startMs: number; endMs: number; ms: number; kind?: number };
      };
      if (o.securityLoop) events.push({ ...o.securityLoop, kind: 'loop held' });
      if (o.securityGc) events.push({ ...o.securityGc, kind: `gc${o.securityGc.kind ? ` kind ${o.securityGc.kind}` : ''}` });
    } catch {
      /* not ours */
    }
  }
  for (const p of slow) {
    const over = events.filter((e) => e.startMs < p.endMs + 5 && e.endMs > p.startMs - 5);
    p.server = over.length ? over.map((e) => `${e.kind} ${e.ms} ms`).join(', ') : 'loop not held (>50 ms)';
  }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((res, rej) => {
    const s = spawn(process.execPath, [file, ...args], { env, stdio: 'inherit' });
    s.on('exit', (c) => (c === 0 ? res() : rej(new Error(`${file} exited ${c}`))));
  });
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = new URL(process.env.SECURITY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/hoithi_security_${process.pid}`;
  const demoPassword = 'Sweep@2026x';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: base.toString(),
    REDIS_KEY_PREFIX: `security:${process.pid}:`,
    // Secrets of this run only: a production process refuses the published defaults.
    ...generateSecrets(),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DEMO_PASSWORD: demoPassword,
    SECRETS_FILE: '',
    CAPTCHA_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    WEB_DIST: '',
    SWAGGER_ENABLED: 'true',
    RATE_REGISTER_PER_IP: '100000000',
    RATE_LOGIN_PER_IP: '100000000',
    RATE_LOGIN_FAILURES_PER_IP: '100000000',
    RATE_LOGIN_FAILURES_PER_ACCOUNT_IP: '100000000',
    RATE_DUPLICATE_PER_IP: '100000000',
    RATE_PROFILE_CHANGE_PER_USER: '100000000',
    RATE_PROFILE_CHANGE_PER_IP: '100000000',
  };
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const results = resolve(root, 'load-tests/results');
  mkdirSync(results, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logFile = resolve(results, `security-${stamp}.log`);
  console.log(`» security sweep: database ${env.DATABASE_URL}, Redis prefix ${env.REDIS_KEY_PREFIX}, http://127.0.0.1:${port}, platform log ${logFile}`);
  await ensureDatabase(env.DATABASE_URL!);
  await run(resolve(built, 'scripts/setup.js'), [], env);
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', '--require', resolve(built, 'scripts/security/loop-monitor.js'), resolve(built, 'apps/platform/src/main.js')],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  let failures: string[];
  try {
    await waitForPlatform(baseUrl, child);
    const { callers, ids } = await prepareSweep(baseUrl, env.DATABASE_URL!, demoPassword);
    const report = await runSecuritySweep({
      baseUrl,
      callers,
      ids,
      databaseUrl: env.DATABASE_URL!,
      redisUrl,
      redisKeyPrefix: env.REDIS_KEY_PREFIX!,
      mode: 'full',
      stallMs: STALL_MS,
      maxRequests: Number(process.env.SECURITY_MAX_REQUESTS ?? 40_000),
      maxSeconds: Number(process.env.SECURITY_MAX_SECONDS ?? 1_200),
      log: process.env.SECURITY_VERBOSE ? (l) => console.log(`  ${l}`) : undefined,
    });
    await new Promise((r) => setTimeout(r, 300));
    const logged = readFileSync(logFile, 'utf8').split('\n');
    attachPlatformLoop(report.slowProbes, logged);
    console.log(formatSweepReport(report, STALL_MS));
    // The platform's own account of each 500 (its error id is in the answer and in the log line).
    const traces = report.offenders
      .map((o) => /"errorId":"([0-9a-f-]{36})"/.exec(o.excerpt)?.[1])
      .filter((id): id is string => !!id)
      .filter((id, i, a) => a.indexOf(id) === i)
      .slice(0, 20)
      .map((id) => logged.find((l) => l.includes(id)))
      .filter((l): l is string => !!l);
    if (traces.length) console.log(`\nplatform log of the first 500s:\n${traces.map((t) => `  ${t.slice(0, 1500)}`).join('\n')}`);
    failures = sweepFailures(report, STALL_MS);
    const file = resolve(results, `security-${stamp}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), stallBoundMs: STALL_MS, ...report }, null, 2));
    console.log(`\n» written ${file}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await deleteKeysWithPrefix(redisUrl, env.REDIS_KEY_PREFIX!).catch(() => 0);
    if (!process.env.KEEP_SECURITY_DB) await dropDatabase(env.DATABASE_URL!).catch(() => undefined);
  }
  if (failures.length) {
    console.error(`\nsecurity sweep FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('\nsecurity sweep passed');
}

main().catch((e) => {
  console.error(`security sweep failed: ${(e as Error).stack}`);
  process.exit(1);
});
