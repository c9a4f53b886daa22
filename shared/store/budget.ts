import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, storeFailure, type StoreOptions } from './dynamo.ts';
import { isConditionFailure } from './errors.ts';
import { ATTR, budgetHour, budgetKey } from './table.ts';
import type { BudgetDecision, WriteBudget } from './types.ts';

/**
 * The per-account, per-hour write budget in the driftguard table: one
 * counter item per account and hour (`BUDGET#<account>`, `HOUR#...`),
 * raised with a conditional `ADD`, so parallel consumers never overrun
 * the limit between them. Counters are kept (no TTL): they are the
 * record of how much driftguard wrote.
 */
export class DynamoWriteBudget implements WriteBudget {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: Omit<StoreOptions, 'clock'>) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
  }

  /** Counts `n` writes in the hour of `now` if they fit within `limit`. */
  async tryConsume(
    account: string,
    n: number,
    limit: number,
    now: Date,
  ): Promise<BudgetDecision> {
    checkCounts(n, limit);
    if (n > limit) {
      return { allowed: false, used: await this.used(account, now), limit };
    }
    try {
      return { allowed: true, used: await this.add(account, n, limit, now),
        limit };
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`count writes of ${account}`, error);
      }
      return { allowed: false, used: usedIn(error), limit };
    }
  }

  private async add(
    account: string,
    n: number,
    limit: number,
    now: Date,
  ): Promise<number> {
    const output = await this.db.send(new UpdateCommand({
      TableName: this.tableName,
      Key: budgetKey(account, now),
      UpdateExpression: 'ADD #used :n ' +
        'SET #type = :type, #account = :account, #hour = :hour, ' +
        '#limit = :limit',
      ConditionExpression: 'attribute_not_exists(#used) OR #used <= :room',
      ExpressionAttributeNames: {
        '#used': 'used', '#type': ATTR.type, '#account': 'account',
        '#hour': 'hour', '#limit': 'limit',
      },
      ExpressionAttributeValues: {
        ':n': n, ':room': limit - n, ':type': 'budget', ':account': account,
        ':hour': budgetHour(now), ':limit': limit,
      },
      ReturnValues: 'UPDATED_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return Number(output.Attributes?.used ?? n);
  }

  private async used(account: string, now: Date): Promise<number> {
    try {
      const output = await this.db.send(new GetCommand({
        TableName: this.tableName,
        Key: budgetKey(account, now),
        ConsistentRead: true,
      }));
      return Number(output.Item?.used ?? 0);
    } catch (error) {
      throw storeFailure(`read the write count of ${account}`, error);
    }
  }
}

function checkCounts(n: number, limit: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`writes to count must be a positive integer: ${n}`);
  }
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`a write limit must be an integer >= 0: ${limit}`);
  }
}

/** The count a refused `ADD` found (the old item, in DynamoDB JSON). */
function usedIn(error: unknown): number {
  const item = (error as { Item?: Record<string, { N?: string }> }).Item;
  return Number(item?.used?.N ?? 0);
}
