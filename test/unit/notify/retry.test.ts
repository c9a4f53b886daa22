import { describe, expect, it } from 'vitest';
import { backoff, retry } from '../../../shared/notify/retry.ts';

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => { waits.push(ms); } };
}

function failing(times: number, error: object = new Error('boom')) {
  let calls = 0;
  return {
    calls: () => calls,
    call: async () => {
      calls += 1;
      if (calls <= times) throw error;
      return 'ok';
    },
  };
}

describe('retry', () => {
  it('retries with exponential backoff until the call succeeds', async () => {
    const clock = recorder();
    const flaky = failing(2);

    await expect(retry(flaky.call, { attempts: 3, baseDelayMs: 100,
      sleep: clock.sleep })).resolves.toBe('ok');
    expect(clock.waits).toEqual([100, 200]);
  });

  it('gives up after its attempts with the last error', async () => {
    const clock = recorder();
    const broken = failing(10);

    await expect(retry(broken.call, { attempts: 4, sleep: clock.sleep }))
      .rejects.toThrow('boom');
    expect(broken.calls()).toBe(4);
  });

  it('stops at once on an error that says retrying cannot help', async () => {
    const broken = failing(10, Object.assign(new Error('404'),
      { retryable: false }));

    await expect(retry(broken.call, { sleep: recorder().sleep })).rejects
      .toThrow('404');
    expect(broken.calls()).toBe(1);
  });

  it('waits as long as the other side asks, up to the cap', async () => {
    const clock = recorder();
    const limited = failing(2, Object.assign(new Error('429'),
      { retryAfterMs: 3_000 }));

    await retry(limited.call, { maxDelayMs: 2_000, sleep: clock.sleep });
    expect(clock.waits).toEqual([2_000, 2_000]);
  });

  it('caps the backoff', () => {
    expect(backoff(10, { baseDelayMs: 200, maxDelayMs: 5_000 })).toBe(5_000);
  });
});
