import { describe, expect, it } from 'vitest';
import {
  MemoryAlertDedup,
  MemoryQuarantineStore,
  MemoryWriteBudget,
} from '../../../shared/store/memory-records.ts';
import { RecordConflictError } from '../../../shared/store/errors.ts';

const NOON = new Date('2026-03-01T12:00:00Z');

describe('MemoryWriteBudget', () => {
  it('allows writes up to the limit per account and hour', async () => {
    const budget = new MemoryWriteBudget();

    expect(await budget.tryConsume('1', 2, 3, NOON))
      .toEqual({ allowed: true, used: 2, limit: 3 });
    expect(await budget.tryConsume('1', 2, 3, NOON))
      .toEqual({ allowed: false, used: 2, limit: 3 });
    expect((await budget.tryConsume('1', 2, 3,
      new Date('2026-03-01T13:00:00Z'))).allowed).toBe(true);
  });
});

describe('MemoryAlertDedup', () => {
  it('holds a marker for its window and frees it after', async () => {
    const dedup = new MemoryAlertDedup();
    const marker = { account: '1', groupId: 'sg-1', finding: 'f' };
    const later = (ms: number) => new Date(NOON.getTime() + ms);

    expect(await dedup.claim(marker, 1_000, NOON)).toBe(true);
    expect(await dedup.claim(marker, 1_000, later(999))).toBe(false);
    expect(await dedup.claim(marker, 1_000, later(1_000))).toBe(true);
  });
});

describe('MemoryQuarantineStore', () => {
  it('lists active quarantines until they are released', async () => {
    const store = new MemoryQuarantineStore(() => NOON);
    await store.put({ id: 'q1', account: '1', region: 'r', groupId: 'sg-1',
      vpcId: 'vpc-1', quarantineGroupId: 'sg-q', interfaces: [] });

    expect((await store.listActive('1')).map((r) => r.id)).toEqual(['q1']);
    await store.release('q1', 'rel-1');
    expect(await store.listActive('1')).toEqual([]);
    await expect(store.release('q1', 'rel-2')).rejects
      .toBeInstanceOf(RecordConflictError);
  });
});
