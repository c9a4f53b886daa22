import { beforeAll, describe, expect, it } from 'vitest';
import {
  RecordConflictError,
  RecordNotFoundError,
} from '../../shared/store/errors.ts';
import { DynamoQuarantineStore } from '../../shared/store/quarantine.ts';
import type { QuarantineDraft } from '../../shared/store/types.ts';
import { DEFAULT_ACCOUNT, TEST_REGION } from './emulator/aws.ts';
import { dynamoClient, freshTable, manualClock } from './store-fixtures.ts';

function quarantine(
  id: string,
  extra: Partial<QuarantineDraft> = {},
): QuarantineDraft {
  return {
    id,
    account: DEFAULT_ACCOUNT,
    region: TEST_REGION,
    groupId: 'sg-0aaa',
    vpcId: 'vpc-1',
    quarantineGroupId: 'sg-0quarantine',
    interfaces: [
      { NetworkInterfaceId: 'eni-1', InterfaceType: 'interface',
        RequesterManaged: false,
        Groups: [{ GroupId: 'sg-0aaa', GroupName: 'web' },
          { GroupId: 'sg-0bbb', GroupName: 'prod-network' }] },
      { NetworkInterfaceId: 'eni-2', InterfaceType: 'interface',
        RequesterManaged: false, Groups: [{ GroupId: 'sg-0aaa' }] },
    ],
    ...extra,
  };
}

describe('DynamoQuarantineStore', () => {
  const client = dynamoClient();
  const clock = manualClock();
  let store: DynamoQuarantineStore;

  beforeAll(async () => {
    const tableName = await freshTable(client);
    store = new DynamoQuarantineStore({ client, tableName, clock: clock.now });
  });

  it('keeps the interfaces moved and the groups each carried', async () => {
    const record = await store.put(quarantine('2026-03-01T12:00:00.000Z#a'));

    expect(record).toMatchObject({ status: 'active',
      createdAt: '2026-03-01T12:00:00.000Z' });
    expect(await store.get(record.id)).toEqual(record);
  });

  it('refuses a second quarantine under the same id', async () => {
    await store.put(quarantine('2026-03-01T12:00:00.000Z#b'));

    await expect(store.put(quarantine('2026-03-01T12:00:00.000Z#b')))
      .rejects.toBeInstanceOf(RecordConflictError);
  });

  it('lists the active quarantines of an account, oldest first', async () => {
    await store.put(quarantine('2026-03-01T13:00:00.000Z#d',
      { region: 'eu-west-1', groupId: 'sg-0ccc' }));
    await store.put(quarantine('2026-03-01T12:30:00.000Z#c'));
    await store.put(quarantine('2026-03-01T12:00:00.000Z#other',
      { account: '210987654321' }));

    const all = await store.listActive(DEFAULT_ACCOUNT);
    const ireland = await store.listActive(DEFAULT_ACCOUNT,
      { region: 'eu-west-1' });
    const ccc = await store.listActive(DEFAULT_ACCOUNT, { groupId: 'sg-0ccc' });

    expect(all.map((r) => r.id)).toEqual([
      '2026-03-01T12:00:00.000Z#a', '2026-03-01T12:00:00.000Z#b',
      '2026-03-01T12:30:00.000Z#c', '2026-03-01T13:00:00.000Z#d',
    ]);
    expect(ireland.map((r) => r.id)).toEqual(['2026-03-01T13:00:00.000Z#d']);
    expect(ccc.map((r) => r.id)).toEqual(['2026-03-01T13:00:00.000Z#d']);
  });

  it('releases a quarantine, which then leaves the active list', async () => {
    clock.advance(60_000);
    const released = await store.release('2026-03-01T12:30:00.000Z#c',
      '2026-03-01T12:31:00.000Z#release');

    expect(released).toMatchObject({ status: 'released',
      releasedBy: '2026-03-01T12:31:00.000Z#release',
      releasedAt: '2026-03-01T12:01:00.000Z' });
    const active = await store.listActive(DEFAULT_ACCOUNT);
    expect(active.map((r) => r.id)).not.toContain('2026-03-01T12:30:00.000Z#c');
  });

  it('accepts the same release again and refuses another', async () => {
    const id = '2026-03-01T12:00:00.000Z#b';
    const first = await store.release(id, 'release-1');

    expect(await store.release(id, 'release-1')).toEqual(first);
    await expect(store.release(id, 'release-2')).rejects
      .toBeInstanceOf(RecordConflictError);
  });

  it('refuses to release an unknown quarantine', async () => {
    await expect(store.release('2026-01-01T00:00:00.000Z#none', 'r'))
      .rejects.toBeInstanceOf(RecordNotFoundError);
  });
});
