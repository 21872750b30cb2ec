/**
 * Collects work items and runs them in batches: an item waits at most until the current tick ends (or
 * `lingerMs`), or until a batch slot frees up. With every slot busy, arrivals queue and the next batch takes
 * them all (up to `maxBatch`), so batches grow with the load and one commit serves many requests.
 * Each item's promise settles when its batch's `run` settles.
 */
export interface MicroBatcherOptions {
  maxBatch: number;
  maxConcurrent: number;
  lingerMs?: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private inflight = 0;
  private scheduled = false;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: MicroBatcherOptions,
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.opts.maxBatch) this.drain();
      else this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length + this.inflight;
  }

  /** Resolves when nothing is queued or in flight (graceful shutdown, tests). */
  async drained(): Promise<void> {
    if (!this.pending) return;
    await new Promise<void>((r) => this.idle.push(r));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const fire = () => {
      this.scheduled = false;
      this.drain();
    };
    if (this.opts.lingerMs) setTimeout(fire, this.opts.lingerMs);
    else setImmediate(fire);
  }

  private drain(): void {
    while (this.queue.length && this.inflight < this.opts.maxConcurrent) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inflight += 1;
      void this.execute(batch);
    }
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    try {
      const out = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i]));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inflight -= 1;
      if (this.queue.length) this.drain();
      else if (!this.inflight) this.idle.splice(0).forEach((r) => r());
    }
  }
}
