import { describe, expect, it } from 'vitest';
import { readWithin, sharedRead } from './scrape-time';

describe('readWithin', () => {
  it("is the read's value when it answers in time", async () => {
    expect(await readWithin(Promise.resolve(42), 100)).toBe(42);
  });

  it('is undefined when the read fails', async () => {
    expect(await readWithin(Promise.reject(new Error('connection refused')), 100)).toBeUndefined();
  });

  it('gives up on a read that hangs, after the timeout and not long after', async () => {
    const started = Date.now();
    expect(await readWithin(new Promise(() => undefined), 50)).toBeUndefined();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(1_000);
  });
});

describe('sharedRead', () => {
  it('shares the read in flight, and reads afresh once it has settled', async () => {
    let reads = 0;
    let finish: (value: number) => void = () => undefined;
    const read = sharedRead(() => {
      reads++;
      return new Promise<number>((resolve) => (finish = resolve));
    });
    const first = read();
    const second = read();
    expect(reads).toBe(1);
    finish(7);
    expect(await first).toBe(7);
    expect(await second).toBe(7);
    const third = read();
    expect(reads).toBe(2);
    finish(8);
    expect(await third).toBe(8);
  });

  it('reads afresh after a failed read', async () => {
    let reads = 0;
    const read = sharedRead(() => (++reads === 1 ? Promise.reject(new Error('down')) : Promise.resolve(reads)));
    await expect(read()).rejects.toThrow('down');
    expect(await read()).toBe(2);
  });
});
