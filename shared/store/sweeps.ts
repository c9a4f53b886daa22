import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SweepDigest } from '../notify/digest.ts';
import {
  documentClient,
  getRecord,
  storeCall,
  storeFailure,
  type StoreOptions,
} from './dynamo.ts';
import { isConditionFailure } from './errors.ts';
import type {
  SweepDraft,
  SweepProgress,
  SweepRecord,
  SweepRegionResult,
  SweepStore,
} from './sweep-types.ts';
import {
  ATTR,
  sweepKey,
  sweepRegionKey,
  withoutKeys,
} from './table.ts';

/** Tries of a result's transaction that a concurrent one got in the way of. */
const CONFLICT_ATTEMPTS = 8;

/**
 * Sweeps in the driftguard table (see table.ts): the sweep record with
 * its counter, and one result per account-region in the same partition.
 * Neither carries a TTL: a sweep's summary is part of the audit trail,
 * which driftguard never deletes. Only de-dup markers and idempotency
 * records expire, since each is a window that is over once it ends.
 */
export class DynamoSweepStore implements SweepStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: Omit<StoreOptions, 'clock'>) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
  }

  async start(draft: SweepDraft) {
    const record: SweepRecord = { ...structuredClone(draft), done: 0 };
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...sweepKey(draft.id), [ATTR.type]: 'sweep', ...record },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      }));
      return { created: true, record };
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`record sweep ${draft.id}`, error);
      }
      const existing = await this.get(draft.id);
      return { created: false, record: existing ?? record };
    }
  }

  get(sweepId: string): Promise<SweepRecord | undefined> {
    return storeCall(`read sweep ${sweepId}`, () =>
      getRecord<SweepRecord>(this.db, this.tableName, sweepKey(sweepId)));
  }

  async record(result: SweepRegionResult) {
    const first = await this.storeFirst(result);
    if (first === 'again') await this.overwrite(result);
    const sweep = await this.get(result.sweepId);
    if (!sweep) return undefined;
    const progress: SweepProgress = { counted: first === 'counted',
      done: sweep.done, expected: sweep.expected };
    if (sweep.digest) progress.digest = sweep.digest;
    return progress;
  }

  async claimDigest(sweepId: string, now: Date, leaseMs: number) {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: sweepKey(sweepId),
        UpdateExpression: 'SET #digest = :claimed, #claimedAt = :now',
        ConditionExpression: '#done >= #expected AND ' +
          '(attribute_not_exists(#digest) OR ' +
          '(#digest = :claimed AND #claimedAt < :stale))',
        ExpressionAttributeNames: { '#digest': 'digest',
          '#claimedAt': 'digestClaimedAt', '#done': 'done',
          '#expected': 'expected' },
        ExpressionAttributeValues: { ':claimed': 'claimed',
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - leaseMs).toISOString() },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeFailure(`claim the digest of sweep ${sweepId}`, error);
    }
  }

  async results(sweepId: string): Promise<SweepRegionResult[]> {
    const out: SweepRegionResult[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await storeCall(`read the results of ${sweepId}`, () =>
        this.db.send(new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :region)',
          ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk },
          ExpressionAttributeValues: { ':pk': sweepKey(sweepId).pk,
            ':region': 'REGION#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        })));
      for (const item of page.Items ?? []) out.push(withoutKeys(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async complete(sweepId: string, summary: SweepDigest, now: Date) {
    await storeCall(`complete sweep ${sweepId}`, () =>
      this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: sweepKey(sweepId),
        UpdateExpression: 'SET #digest = :sent, #summary = :summary, ' +
          '#completedAt = :now',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#digest': 'digest', '#pk': ATTR.pk,
          '#summary': 'summary', '#completedAt': 'completedAt' },
        ExpressionAttributeValues: { ':sent': 'sent', ':summary': summary,
          ':now': now.toISOString() },
      })));
  }

  /**
   * Stores a first result and counts it in one transaction: `counted`;
   * `again` when the account-region has a result already; `unknown`
   * when no such sweep exists.
   */
  private async storeFirst(
    result: SweepRegionResult,
  ): Promise<'counted' | 'again' | 'unknown'> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.db.send(this.countedPut(result));
        return 'counted';
      } catch (error) {
        const reasons = cancellations(error);
        if (!reasons) throw storeFailure(`record ${where(result)}`, error);
        if (reasons[0] === 'ConditionalCheckFailed') return 'again';
        if (reasons[1] === 'ConditionalCheckFailed') {
          await this.overwrite(result);
          return 'unknown';
        }
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw storeFailure(`record ${where(result)}`, error);
        }
        await pause(attempt);
      }
    }
  }

  private countedPut(result: SweepRegionResult): TransactWriteCommand {
    const key = sweepKey(result.sweepId);
    return new TransactWriteCommand({ TransactItems: [
      { Put: {
        TableName: this.tableName,
        Item: this.resultItem(result),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      } },
      { Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #done :one',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#done': 'done', '#pk': ATTR.pk },
        ExpressionAttributeValues: { ':one': 1 },
      } },
    ] });
  }

  private overwrite(result: SweepRegionResult): Promise<unknown> {
    return storeCall(`record ${where(result)}`, () =>
      this.db.send(new PutCommand({ TableName: this.tableName,
        Item: this.resultItem(result) })));
  }

  private resultItem(result: SweepRegionResult): Record<string, unknown> {
    return {
      ...sweepRegionKey(result.sweepId, result.account, result.region),
      [ATTR.type]: 'sweep-region',
      ...result,
    };
  }
}

function where(result: SweepRegionResult): string {
  return `the result of ${result.account} ${result.region} in sweep ` +
    result.sweepId;
}

/** The codes of a cancelled transaction, in the order of its items. */
function cancellations(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) ||
      error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] })
    .CancellationReasons ?? [];
  return reasons.map((r) => r.Code);
}

function pause(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
