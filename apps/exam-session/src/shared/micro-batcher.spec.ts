import { MicroBatcher } from './micro-batcher';

describe(MicroBatcher.name, () => {
  it('batches what arrives in one tick and answers each item from its batch', async () => {
    const batches: number[][] = [];
    const sut = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return items.map((i) => i * 2);
      },
      { maxBatch: 100, maxConcurrent: 1 },
    );
    const out = await Promise.all([1, 2, 3].map((i) => sut.push(i)));
    expect(out).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('grows batches while the slots are busy and caps them at maxBatch', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sut = new MicroBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        if (sizes.length === 1) await gate;
        return items;
      },
      { maxBatch: 4, maxConcurrent: 1 },
    );
    const first = sut.push(0);
    await new Promise((r) => setImmediate(r));
    const rest = Array.from({ length: 10 }, (_, i) => sut.push(i + 1));
    release();
    await Promise.all([first, ...rest]);
    expect(sizes).toEqual([1, 4, 4, 2]);
    await sut.drained();
    expect(sut.pending).toBe(0);
  });

  it('rejects every item of a failed batch, and goes on with the next', async () => {
    let calls = 0;
    const sut = new MicroBatcher<number, number>(
      async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return items;
      },
      { maxBatch: 10, maxConcurrent: 2 },
    );
    await expect(Promise.all([sut.push(1), sut.push(2)])).rejects.toThrow('boom');
    await expect(sut.push(3)).resolves.toBe(3);
  });
});
