import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertDedup } from '../../shared/store/dedup.ts';
import { DEFAULT_ACCOUNT } from './emulator/aws.ts';
import {
  dynamoClient,
  freshTable,
  manualClock,
  oneItemWriteAtATime,
} from './store-fixtures.ts';

const MINUTES = 60_000;
const SSH = { account: DEFAULT_ACCOUNT, groupId: 'sg-0aaa',
  finding: 'denied-rule#sgr-1' };

describe('DynamoAlertDedup', () => {
  const client = dynamoClient();
  let dedup: DynamoAlertDedup;
  let tableName = '';

  beforeAll(async () => {
    tableName = await freshTable(client);
    dedup = new DynamoAlertDedup({ client, tableName });
  });

  it('lets a finding through once within its window', async () => {
    const clock = manualClock();

    expect(await dedup.claim(SSH, 30 * MINUTES, clock.now())).toBe(true);
    clock.advance(29 * MINUTES);
    expect(await dedup.claim(SSH, 30 * MINUTES, clock.now())).toBe(false);
  });

  it('lets the finding through again once the window has passed',
    async () => {
      const clock = manualClock('2026-03-02T12:00:00.000Z');
      const marker = { ...SSH, finding: 'denied-rule#sgr-2' };
      await dedup.claim(marker, 30 * MINUTES, clock.now());

      clock.advance(30 * MINUTES);

      expect(await dedup.claim(marker, 30 * MINUTES, clock.now())).toBe(true);
      expect(await dedup.claim(marker, 30 * MINUTES, clock.now())).toBe(false);
    });

  it('keeps findings, groups and accounts apart', async () => {
    const now = new Date('2026-03-03T12:00:00.000Z');
    await dedup.claim(SSH, 30 * MINUTES, now);

    const others = [
      { ...SSH, finding: 'unapproved-rule#sgr-1' },
      { ...SSH, groupId: 'sg-0bbb' },
      { ...SSH, account: '210987654321' },
    ];
    for (const marker of others) {
      expect(await dedup.claim(marker, 30 * MINUTES, now)).toBe(true);
    }
  });

  it('lets exactly one of many parallel claims through', async () => {
    const now = new Date('2026-03-04T12:00:00.000Z');
    const marker = { ...SSH, finding: 'denied-rule#sgr-parallel' };
    const serial = dynamoClient();
    oneItemWriteAtATime(serial);
    const shared = new DynamoAlertDedup({ client: serial, tableName });

    const claims = await Promise.all(Array.from({ length: 10 }, () =>
      shared.claim(marker, 30 * MINUTES, now)));

    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
