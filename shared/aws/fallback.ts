import type { WriteFailure } from './write.ts';

/** How to write a list of items: all at once, or one at a time. */
export interface BatchSteps<T> {
  id(item: T): string;
  /** One call for every item. */
  batch(items: T[]): Promise<void>;
  /** One call for one item. */
  single(item: T): Promise<void>;
  /**
   * Whether an error of a single call means there was nothing to do
   * (the rule is already gone, or already there).
   */
  needless(error: unknown): boolean;
  /**
   * After a failed batch, read again: the ids already as asked, whether
   * the batch got that far or someone else did it.
   */
  settled(items: T[]): Promise<Set<string>>;
  /**
   * What an item already as asked after a failed batch counts as: `done`
   * (we may have made it: keep it releasable) or `needless` (someone
   * else did).
   */
  settledAs: 'done' | 'needless';
  /** The failure to record for an item. */
  fail(item: T, error: unknown): WriteFailure;
}

/** Which items were written, which needed nothing, which failed. */
export interface Settled {
  done: string[];
  needless: string[];
  failed: WriteFailure[];
}

/**
 * Write `items` in one call. When that call fails, read again what stands
 * and write each item not yet as asked on its own: one stale or refused
 * item then holds back no other, and the record says exactly which items
 * were and were not written. An item already as asked after the failed
 * call counts as `steps.settledAs` says. When the reading fails too,
 * every item is recorded as failed.
 */
export async function batchThenEach<T>(
  items: T[],
  steps: BatchSteps<T>,
): Promise<Settled> {
  const settled: Settled = { done: [], needless: [], failed: [] };
  if (items.length === 0) return settled;
  try {
    await steps.batch(items);
    settled.done.push(...items.map(steps.id));
    return settled;
  } catch (error) {
    return await oneByOne(items, steps, error);
  }
}

async function oneByOne<T>(
  items: T[],
  steps: BatchSteps<T>,
  batchError: unknown,
): Promise<Settled> {
  const settled: Settled = { done: [], needless: [], failed: [] };
  let already: Set<string>;
  try {
    already = await steps.settled(items);
  } catch {
    settled.failed.push(...items.map((item) => steps.fail(item, batchError)));
    return settled;
  }

  for (const item of items) {
    const id = steps.id(item);
    if (already.has(id)) {
      settled[steps.settledAs].push(id);
      continue;
    }
    try {
      await steps.single(item);
      settled.done.push(id);
    } catch (error) {
      if (steps.needless(error)) settled.needless.push(id);
      else settled.failed.push(steps.fail(item, error));
    }
  }
  return settled;
}
