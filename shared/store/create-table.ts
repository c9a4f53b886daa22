import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ATTR, INDEX } from './table.ts';

/** Options of {@link createTable}. */
export interface CreateTableOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Longest wait for the table to become active (default 60 s). */
  maxWaitSeconds?: number;
}

/**
 * The CreateTable request of the driftguard table (see table.ts): on
 * demand, `pk`/`sk` strings, and the `gsi1` index projecting everything.
 * The CloudFormation definition should match it, and add point-in-time
 * recovery and deletion protection, since audit entries are never deleted.
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const strings = [ATTR.pk, ATTR.sk, ATTR.gsi1pk, ATTR.gsi1sk];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: strings.map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: ATTR.pk, KeyType: 'HASH' },
      { AttributeName: ATTR.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: INDEX.gsi1,
      KeySchema: [
        { AttributeName: ATTR.gsi1pk, KeyType: 'HASH' },
        { AttributeName: ATTR.gsi1sk, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }],
  };
}

/**
 * Create the driftguard table for tests and `driftguard demo`, wait until
 * it is active and turn its TTL on. An existing table of that name is
 * left as it is (its TTL is still turned on).
 */
export async function createTable(options: CreateTableOptions): Promise<void> {
  const { client, tableName } = options;
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1 },
    { TableName: tableName },
  );
  await enableTtl(client, tableName);
}

// AWS refuses to turn on a TTL that is already on, so look first.
async function enableTtl(client: DynamoDBClient, tableName: string) {
  const ttl = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(new UpdateTimeToLiveCommand({
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: ATTR.expiresAt, Enabled: true },
  }));
}
