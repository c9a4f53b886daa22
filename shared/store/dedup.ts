import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, storeFailure, type StoreOptions } from './dynamo.ts';
import { isConditionFailure } from './errors.ts';
import { ATTR, dedupKey, epochSeconds } from './table.ts';
import type { AlertDedup } from './types.ts';

/**
 * Alert de-duplication markers in the driftguard table, one per finding
 * and group. A marker is claimed with a conditional put that succeeds
 * when there is none or the one there has run out; `until` (ms) decides,
 * and `expiresAt` lets DynamoDB's TTL sweep it away later. Markers may
 * expire, unlike audit entries and sweep summaries: like an idempotency
 * record, a marker is only a window, and says nothing once it is over.
 */
export class DynamoAlertDedup implements AlertDedup {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: Omit<StoreOptions, 'clock'>) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
  }

  /** True when the marker was free and is now held for `windowMs`. */
  async claim(
    marker: { account: string; groupId: string; finding: string },
    windowMs: number,
    now: Date,
  ): Promise<boolean> {
    const until = now.getTime() + windowMs;
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: {
          ...dedupKey(marker.account, marker.groupId, marker.finding),
          ...marker,
          [ATTR.type]: 'dedup',
          [ATTR.expiresAt]: epochSeconds(until),
          claimedAt: now.toISOString(),
          until,
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR #until <= :now',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#until': 'until' },
        ExpressionAttributeValues: { ':now': now.getTime() },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeFailure(`claim the alert marker of ${marker.groupId}`, error);
    }
  }
}
