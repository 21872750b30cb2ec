import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { deleteKeysWithPrefix, dropDatabase, ensureDatabase, generateSecrets } from '@hoi-thi/platform';
import { waitForPlatform } from '@hoi-thi/testing';
import { BenchContext, BenchModule, BenchRow } from './bench-types';
import { peakRssMb } from './bench-lib';

/** Every `<area>.bench.js` beside this file, in a fixed order (the others after, by name). */
const ORDER = ['registration', 'question-bank', 'exam', 'leaderboard', 'web'];
function discover(): Record<string, () => Promise<BenchModule>> {
  const names = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => f.slice(0, -'.bench.js'.length))
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.fromEntries(names.map((n) => [n, async () => (require(`./${n}.bench.js`) as { bench: BenchModule }).bench]));
}
const MODULES = discover();

/** The compiled tree (dist/ or a bench's own build) and the repository (the working directory). */
const built = resolve(__dirname, '../..');
const root = process.cwd();
const PORT = Number(process.env.BENCH_PORT ?? 3900);

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const areas: string[] = [];
  for (const a of Object.keys(MODULES)) {
    if (wanted.length ? wanted.includes(a) : !(await MODULES[a]()).optIn) areas.push(a);
  }
  const unknown = wanted.filter((w) => !MODULES[w]);
  if (unknown.length) throw new Error(`no bench area ${unknown.join(', ')} (have: ${Object.keys(MODULES).join(', ')})`);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    ...generateSecrets(), // production refuses a missing or published secret: the bench run has its own
    PORT: String(PORT),
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hoithi_bench',
    REDIS_KEY_PREFIX: process.env.BENCH_REDIS_PREFIX ?? `bench:${PORT}:`,
    CAPTCHA_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    WEB_DIST: '',
    DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '30',
    RATE_REGISTER_PER_IP: '100000000',
    RATE_LOGIN_PER_IP: '100000000',
    PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`, // production requires the public address (issue #12, finding 8)
  };
  console.log(`» bench database ${env.DATABASE_URL} (re-created), Redis prefix bench:`);
  await dropDatabase(env.DATABASE_URL);
  await ensureDatabase(env.DATABASE_URL);
  await deleteKeysWithPrefix(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_KEY_PREFIX);
  await new Promise<void>((res, rej) => {
    const s = spawn(process.execPath, [resolve(built, 'scripts/setup.js'), '--no-seed'], { env, stdio: 'inherit' });
    s.on('exit', (c) => (c === 0 ? res() : rej(new Error(`setup exited ${c}`))));
  });
  // BENCH_NODE_ARGS: extra node flags for the platform process, e.g. `--cpu-prof --cpu-prof-dir=load-tests/results`.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, resolve(built, 'apps/platform/src/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${PORT}`;
  const rows: BenchRow[] = [];
  try {
    await waitForPlatform(baseUrl, child);
    const ctx: BenchContext = { baseUrl, env, pid: child.pid!, log: (l) => console.log(`  ${l}`), seconds: process.env.BENCH_QUICK ? 3 : 10 };
    for (const area of areas) {
      console.log(`» ${area}`);
      const mod = await MODULES[area]();
      const got = await mod.run(ctx);
      rows.push(...got);
    }
    rows.push({ area: 'platform', name: 'peak RSS of the platform process (all services)', peakRssMb: peakRssMb(child.pid!) });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await deleteKeysWithPrefix(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_KEY_PREFIX).catch(() => 0);
  }
  printTable(rows);
  const dir = resolve(root, 'load-tests/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine: { cpus: cpus().length }, rows }, null, 2));
  console.log(`» written ${file}`);
}

function printTable(rows: BenchRow[]): void {
  const head = ['area', 'measure', 'ops/s', 'p50 ms', 'p99 ms', 'ceiling ops/s', 'ratio', 'peak RSS MB', 'note'];
  const body = rows.map((r) => [
    r.area,
    r.name,
    r.throughput?.toLocaleString('en-US') ?? '',
    r.p50Ms?.toString() ?? '',
    r.p99Ms?.toString() ?? '',
    r.ceiling?.toLocaleString('en-US') ?? '',
    r.ceiling && r.throughput ? (r.throughput / r.ceiling).toFixed(2) : '',
    r.peakRssMb?.toString() ?? '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const b of body) console.log(line(b));
  console.log('');
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).stack}`);
  process.exit(1);
});
