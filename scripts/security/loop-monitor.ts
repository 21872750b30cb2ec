import { PerformanceObserver, performance } from 'node:perf_hooks';

/**
 * Preloaded into the platform process by `npm run security` (node --require): the platform's own account of its
 * event loop, so that a slow health probe can be told apart from a slow sweep or a starved machine. One JSON line
 * on stderr per late tick of a 10 ms timer (the loop was held that long) and per garbage collection over 20 ms,
 * with epoch times the sweep's timeline uses too. Nothing of the platform is changed.
 */
const EVERY_MS = 10;
const REPORT_MS = Number(process.env.SECURITY_LOOP_REPORT_MS ?? 50);
const epoch = (t: number) => Math.round(performance.timeOrigin + t);
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const lag = now - last - EVERY_MS;
  if (lag > REPORT_MS)
    process.stderr.write(`${JSON.stringify({ securityLoop: { startMs: epoch(last + EVERY_MS), endMs: epoch(now), ms: Math.round(lag) } })}\n`);
  last = now;
}, EVERY_MS).unref();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.duration > 20)
      process.stderr.write(
        `${JSON.stringify({ securityGc: { startMs: epoch(e.startTime), endMs: epoch(e.startTime + e.duration), ms: Math.round(e.duration), kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind } })}\n`,
      );
  }
}).observe({ entryTypes: ['gc'] });
