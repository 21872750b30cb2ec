import { BoundedPool, PoolSaturatedError } from './bounded-pool';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe(BoundedPool.name, () => {
  it('runs at most `concurrency` jobs at once and queues the rest in order', async () => {
    const sut = new BoundedPool(2, 10);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      sut.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(sut.active).toBe(2);
    expect(sut.queued).toBe(2);
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.resolve());
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(sut.active).toBe(0);
    expect(sut.queued).toBe(0);
  });

  it('refuses at once when the queue is full, and recovers', async () => {
    const sut = new BoundedPool(1, 1);
    const gate = deferred();
    const a = sut.run(() => gate.promise);
    const b = sut.run(async () => 'b');
    await expect(sut.run(async () => 'c')).rejects.toBeInstanceOf(PoolSaturatedError);
    gate.resolve();
    await a;
    await expect(b).resolves.toBe('b');
    await expect(sut.run(async () => 'd')).resolves.toBe('d');
  });

  it('frees the slot when a job fails', async () => {
    const sut = new BoundedPool(1, 0);
    await expect(sut.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(async () => 1)).resolves.toBe(1);
  });
});
