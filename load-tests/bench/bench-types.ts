/** What a service benchmark receives: a running platform (all services, one process) and its environment. */
export interface BenchContext {
  baseUrl: string;
  /** Environment the platform runs with (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, the generated JWT keys, …). */
  env: Record<string, string>;
  /** pid of the platform process (for memory readings). */
  pid: number;
  log: (line: string) => void;
  /** Seconds each measured load phase should last (short when BENCH_QUICK=1). */
  seconds: number;
}

/** One line of the printed table (and of the JSON under load-tests/results/). */
export interface BenchRow {
  area: string;
  name: string;
  /** Operations per second. */
  throughput?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Same work on a bare Fastify endpoint in the same run, ops/s. */
  ceiling?: number;
  peakRssMb?: number;
  note?: string;
}

export interface BenchModule {
  area: string;
  /** Runs only when named (`npm run bench -- <area>`), never in the default set (e.g. the million-contestant run). */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
