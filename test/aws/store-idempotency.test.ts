import {
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import { documentClient } from '../../shared/store/dynamo.ts';
import { idempotencyPersistence } from '../../shared/store/idempotency.ts';
import { draft, dynamoClient, freshTable } from './store-fixtures.ts';

describe('idempotencyPersistence', () => {
  const client = dynamoClient();
  let tableName = '';

  beforeAll(async () => {
    tableName = await freshTable(client);
  });

  async function items(): Promise<Record<string, unknown>[]> {
    const output = await documentClient(client).send(
      new ScanCommand({ TableName: tableName }));
    return output.Items ?? [];
  }

  it('keeps the on-change function\'s records in the driftguard table',
    async () => {
      let runs = 0;
      const handle = makeIdempotent(
        async (event: { id: string }) => {
          runs += 1;
          return { ok: event.id };
        },
        {
          persistenceStore: idempotencyPersistence({ client, tableName }),
          config: new IdempotencyConfig({ eventKeyJmesPath: 'id' }),
        },
      );
      await new DynamoAuditLog({ client, tableName }).begin(draft('sg-1'));

      expect(await handle({ id: 'event-1' })).toEqual({ ok: 'event-1' });
      expect(await handle({ id: 'event-1' })).toEqual({ ok: 'event-1' });
      expect(runs).toBe(1);

      const records = (await items())
        .filter((item) => item.pk === 'IDEMPOTENCY#on-change');
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        sk: expect.any(String),
        idempotencyStatus: 'COMPLETED',
        idempotencyData: { ok: 'event-1' },
        expiresAt: expect.any(Number),
      });
      expect(records[0]?.expiresAt).toBeGreaterThan(Date.now() / 1000);
    });

  it('keeps each function\'s records in a partition of its own', async () => {
    const handle = makeIdempotent(async (event: { id: string }) => event.id, {
      persistenceStore: idempotencyPersistence({
        client, tableName, functionName: 'sweep-worker',
      }),
    });

    await handle({ id: 'event-1' });

    const partitions = new Set((await items()).map((item) => item.pk));
    expect(partitions).toContain('IDEMPOTENCY#sweep-worker');
    expect(partitions).toContain('IDEMPOTENCY#on-change');
  });
});
