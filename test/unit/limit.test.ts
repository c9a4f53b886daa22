import { describe, expect, it } from 'vitest';
import { chunks, mapLimit } from '../../shared/limit.ts';

describe('mapLimit', () => {
  it('keeps at most the limit in flight, and the order of the items',
    async () => {
      let running = 0;
      let most = 0;
      const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return n * 10;
      });
      expect(out).toEqual([50, 10, 40, 20, 30]);
      expect(most).toBe(2);
    });

  it('rejects with the first failure and starts nothing after it',
    async () => {
      const started: number[] = [];
      const run = mapLimit([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('two');
        return n;
      });
      await expect(run).rejects.toThrow('two');
      expect(started).toEqual([1, 2]);
    });

  it('refuses a limit below one', async () => {
    await expect(mapLimit([1], 0, async (n) => n)).rejects
      .toThrow(RangeError);
  });
});

describe('chunks', () => {
  it('cuts a list into runs of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 10)).toEqual([]);
  });
});
