import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import http from 'node:http';

export interface LoadResult {
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

/**
 * Drives HTTP load with autocannon. `requests` may vary per connection (each connection's list is replayed in
 * order); pass `setupClient` for per-connection state. Returns req/s of 2xx answers and latency percentiles.
 */
export async function load(opts: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections: 50, duration: 10, ...opts });
  const ok = result['2xx'];
  return {
    throughput: Math.round(ok / (result.duration || 1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** One request of `loadEach`: the i-th of the run. */
export interface EachRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Exactly `amount` requests over `connections`, the i-th built by `request(i)`; a 2xx answer's body goes to
 * `onOk(i, body)` (e.g. to keep the attempt a start created). The one-request-per-contestant shape of the starts,
 * submits and bursts.
 */
export function loadEach(opts: {
  url: string;
  connections: number;
  amount: number;
  timeout?: number;
  request: (i: number) => EachRequest;
  onOk?: (i: number, body: string) => void;
}): Promise<LoadResult> {
  let next = 0;
  return load({
    url: opts.url,
    connections: opts.connections,
    amount: opts.amount,
    timeout: opts.timeout ?? 30,
    requests: [
      {
        setupRequest: (req, context) => {
          const i = next++;
          (context as { i?: number }).i = i;
          return { ...req, ...opts.request(i) };
        },
        onResponse: (status, body, context) => {
          if (status >= 200 && status < 300) opts.onOk?.((context as { i: number }).i, body);
        },
      },
    ],
  });
}

/**
 * Open-loop load at a fixed offered rate: the i-th request is due at start + i/rate, whatever the answers before
 * it did, and its latency counts from when it was due (so a stalled server is not excused by requests that were
 * simply not sent: no coordinated omission). Up to `connections` keep-alive sockets; requests due while all are
 * busy wait for one, on the clock. autocannon's `overallRate` cannot measure this: it gives each connection a
 * budget per second, which the connections spend at once, so its "paced" load arrives in bursts at saturation.
 */
export async function paced(opts: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  timeoutMs?: number;
  request: (i: number) => EachRequest;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const base = new URL(opts.url);
  const total = Math.max(1, Math.round(opts.rate * opts.seconds));
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let settled = 0;
  const start = performance.now() + 20;
  let last = start;
  await new Promise<void>((resolve) => {
    const finish = () => {
      settled += 1;
      if (settled === total) resolve();
    };
    const fire = (n: number) => {
      const due = start + (n * 1000) / opts.rate;
      const r = opts.request(n);
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
      const req = http.request(
        { host: base.hostname, port: base.port, method: r.method, path: r.path, headers, agent, timeout: opts.timeoutMs ?? 30_000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            last = performance.now();
            latencies.push(last - due);
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok += 1;
            else non2xx += 1;
            finish();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors += 1;
        finish();
      });
      req.end(r.body);
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / opts.rate <= now) fire(next++);
      if (next < total) setTimeout(tick, 1);
    };
    setTimeout(tick, 20);
  });
  agent.destroy();
  const { p50, p99 } = percentiles(latencies);
  return { throughput: Math.round(ok / ((last - start) / 1000)), p50Ms: p50, p99Ms: p99, errors, non2xx, total };
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Latency percentiles of a list of millisecond samples. */
export function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function postJson<T = unknown>(baseUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
