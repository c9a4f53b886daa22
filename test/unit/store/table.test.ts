import { describe, expect, it } from 'vitest';
import {
  auditKey,
  budgetKey,
  dedupKey,
  epochSeconds,
  groupHistoryPartition,
  quarantineKey,
  withoutKeys,
} from '../../../shared/store/table.ts';

describe('table keys', () => {
  it.each([
    ['an audit entry', auditKey('t#1'), { pk: 'AUDIT#t#1', sk: 'ENTRY' }],
    ['a quarantine', quarantineKey('t#1'),
      { pk: 'QUARANTINE#t#1', sk: 'RECORD' }],
    ['a budget hour', budgetKey('1', new Date('2026-03-01T12:59:59Z')),
      { pk: 'BUDGET#1', sk: 'HOUR#2026-03-01T12' }],
    ['a de-dup marker', dedupKey('1', 'sg-1', 'denied-rule#sgr-1'),
      { pk: 'DEDUP#1#sg-1', sk: 'FINDING#denied-rule#sgr-1' }],
  ])('places %s under its own prefix', (_, key, expected) => {
    expect(key).toEqual(expected);
  });

  it('lists a group\'s history under account and group', () => {
    expect(groupHistoryPartition('1', 'sg-1')).toBe('GROUP#1#sg-1');
  });

  it('rounds expiries up to the next second', () => {
    expect(epochSeconds(1_000)).toBe(1);
    expect(epochSeconds(1_001)).toBe(2);
  });

  it('strips the attributes that place a record', () => {
    const item = { pk: 'a', sk: 'b', gsi1pk: 'c', gsi1sk: 'd',
      recordType: 'audit', expiresAt: 1, id: 'x', status: 'done' };

    expect(withoutKeys(item)).toEqual({ id: 'x', status: 'done' });
  });
});
