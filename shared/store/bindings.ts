import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, storeFailure, type StoreOptions } from './dynamo.ts';
import { ATTR } from './table.ts';
import type { BindingMemory } from './types.ts';

// Last known bindings live beside the other records:
//   pk BINDINGS#<account>#<region>   sk GROUP#<groupId>
// with `binding` the tag's value, or null when the group had none. They
// never expire: a binding is known until a platform change replaces it.

const BATCH = 25;

function key(account: string, region: string, groupId: string) {
  return { pk: `BINDINGS#${account}#${region}`, sk: `GROUP#${groupId}` };
}

/** The last known binding of each group, in the driftguard table. */
export class DynamoBindingMemory implements BindingMemory {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: Omit<StoreOptions, 'clock'>) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
  }

  async recall(
    account: string,
    region: string,
    groupId: string,
  ): Promise<string | null | undefined> {
    try {
      const output = await this.db.send(new GetCommand({
        TableName: this.tableName, Key: key(account, region, groupId),
        ConsistentRead: true,
      }));
      const binding = output.Item?.binding as string | null | undefined;
      return output.Item ? binding ?? null : undefined;
    } catch (error) {
      throw storeFailure(`read the binding of ${groupId}`, error);
    }
  }

  async remember(
    account: string,
    region: string,
    bindings: Record<string, string | null>,
  ): Promise<void> {
    const items = Object.entries(bindings).map(([groupId, binding]) => ({
      PutRequest: { Item: { ...key(account, region, groupId),
        [ATTR.type]: 'binding', account, region, groupId, binding } },
    }));
    for (let i = 0; i < items.length; i += BATCH) {
      await this.write(items.slice(i, i + BATCH));
    }
  }

  private async write(requests: object[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
      try {
        const output = await this.db.send(new BatchWriteCommand({
          RequestItems: { [this.tableName]: pending },
        }));
        pending = output.UnprocessedItems?.[this.tableName] ?? [];
      } catch (error) {
        throw storeFailure('remember bindings', error);
      }
    }
    if (pending.length > 0) {
      throw storeFailure('remember bindings',
        new Error(`${pending.length} not written after 5 attempts`));
    }
  }
}
