import { beforeAll, describe, expect, it } from 'vitest';
import { RecordConflictError } from '../../shared/store/errors.ts';
import {
  DynamoRotationStore,
  isRotationId,
  rotationId,
} from '../../shared/store/rotations.ts';
import type { RotationDraft } from '../../shared/store/types.ts';
import { DEFAULT_ACCOUNT, TEST_REGION } from './emulator/aws.ts';
import { dynamoClient, freshTable, manualClock } from './store-fixtures.ts';

function draft(id: string): RotationDraft {
  return { id, region: TEST_REGION, from: 'sg-0old', to: 'sg-0new',
    accounts: [DEFAULT_ACCOUNT], intentVersion: 'test-1' };
}

describe('DynamoRotationStore', () => {
  const client = dynamoClient();
  const clock = manualClock();
  let store: DynamoRotationStore;

  beforeAll(async () => {
    const tableName = await freshTable(client);
    store = new DynamoRotationStore({ client, tableName, clock: clock.now });
  });

  it('reads a rotation back with its members, oldest first', async () => {
    const id = rotationId(clock.now());
    await store.start(draft(id));
    const members = ['2026-03-01T12:00:02.000Z#b',
      '2026-03-01T12:00:01.000Z#a'].map((entryId, i) => ({ entryId,
      account: DEFAULT_ACCOUNT, networkInterfaceId: `eni-${i}` }));
    for (const member of members) await store.add(id, member);

    expect(await store.get(id)).toEqual({ ...draft(id),
      startedAt: clock.now().toISOString(),
      members: [members[1], members[0]] });
  });

  it('refuses to start a rotation id twice', async () => {
    const id = rotationId(clock.now());
    await store.start(draft(id));
    await expect(store.start(draft(id))).rejects
      .toBeInstanceOf(RecordConflictError);
  });

  it('finds no rotation under an id never started', async () => {
    expect(await store.get('rotation-20260301T120000Z-00000000'))
      .toBeUndefined();
  });

  it('names rotations apart from audit entries', () => {
    expect(isRotationId(rotationId(new Date()))).toBe(true);
    expect(isRotationId('2026-03-01T12:00:00.000Z#0123456789ab')).toBe(false);
  });
});
