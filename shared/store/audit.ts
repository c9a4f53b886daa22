import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isDeepStrictEqual } from 'node:util';
import {
  documentClient,
  getRecord,
  queryIndex,
  storeCall,
  storeFailure,
  type StoreOptions,
} from './dynamo.ts';
import {
  isConditionFailure,
  RecordConflictError,
  RecordNotFoundError,
} from './errors.ts';
import { auditId } from './memory.ts';
import { ATTR, auditKey, groupHistoryPartition, withoutKeys } from './table.ts';
import type {
  AuditDraft,
  AuditEntry,
  AuditLog,
  AuditOutcome,
} from './types.ts';

/**
 * The audit log in the driftguard table. Each entry is its own item
 * (`AUDIT#<id>`), listed per group through `gsi1`. Entries are only ever
 * created and completed, never deleted, and carry no TTL.
 */
export class DynamoAuditLog implements AuditLog {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: StoreOptions) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Writes a `pending` entry; resolves once DynamoDB has stored it. */
  async begin(draft: AuditDraft): Promise<AuditEntry> {
    const at = this.clock();
    const entry: AuditEntry = {
      ...structuredClone(draft),
      id: auditId(at),
      at: at.toISOString(),
      status: 'pending',
    };
    await storeCall(`record the audit entry of ${draft.groupId}`, () =>
      this.create(entry));
    return entry;
  }

  /** Completes a pending entry; finishing it again alike is harmless. */
  async finish(id: string, outcome: AuditOutcome): Promise<AuditEntry> {
    try {
      const output = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: auditKey(id),
        UpdateExpression: 'SET #status = :status, #outcome = :outcome',
        ConditionExpression: 'attribute_exists(#pk) AND #status = :pending',
        ExpressionAttributeNames: {
          '#pk': ATTR.pk, '#status': 'status', '#outcome': 'outcome',
        },
        ExpressionAttributeValues: {
          ':status': outcome.status, ':outcome': outcome, ':pending': 'pending',
        },
        ReturnValues: 'ALL_NEW',
      }));
      return withoutKeys<AuditEntry>(output.Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`finish audit entry ${id}`, error);
      }
      return this.alreadyFinished(id, outcome);
    }
  }

  /** One entry, read consistently. */
  async get(id: string): Promise<AuditEntry | undefined> {
    return storeCall(`read audit entry ${id}`, () =>
      getRecord<AuditEntry>(this.db, this.tableName, auditKey(id)));
  }

  /** A group's entries, newest first (an eventually consistent query). */
  async history(account: string, groupId: string): Promise<AuditEntry[]> {
    return storeCall(`read the history of ${groupId}`, () =>
      queryIndex<AuditEntry>(this.db, {
        tableName: this.tableName,
        partition: groupHistoryPartition(account, groupId),
        prefix: 'AUDIT#',
        newestFirst: true,
      }));
  }

  /** Marks an entry undone by release `by`; the same release again is ok. */
  async markReleased(id: string, by: string): Promise<void> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: auditKey(id),
        UpdateExpression: 'SET #by = :by',
        ConditionExpression: 'attribute_exists(#pk) AND ' +
          '(attribute_not_exists(#by) OR #by = :by)',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#by': 'releasedBy' },
        ExpressionAttributeValues: { ':by': by },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`mark ${id} released`, error);
      }
      const current = await this.existing(id);
      throw new RecordConflictError(
        `audit entry ${id} was already released by ${current.releasedBy}`,
        id, current);
    }
  }

  // A put the SDK retried after a lost answer finds its own item there.
  private async create(entry: AuditEntry): Promise<void> {
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: auditItem(entry),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.get(entry.id);
      if (!isDeepStrictEqual(stored, plain(entry))) throw error;
    }
  }

  private async alreadyFinished(
    id: string,
    outcome: AuditOutcome,
  ): Promise<AuditEntry> {
    const current = await this.existing(id);
    if (isDeepStrictEqual(current.outcome, plain(outcome))) return current;
    throw new RecordConflictError(
      `audit entry ${id} is already ${current.status}`, id, current);
  }

  private async existing(id: string): Promise<AuditEntry> {
    const current = await this.get(id);
    if (!current) throw new RecordNotFoundError('audit entry', id);
    return current;
  }
}

/** An entry as an item: its key and its place in the group's history. */
export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return {
    ...entry,
    ...auditKey(entry.id),
    [ATTR.gsi1pk]: groupHistoryPartition(entry.account, entry.groupId),
    [ATTR.gsi1sk]: `AUDIT#${entry.id}`,
    [ATTR.type]: 'audit',
  };
}

/** A value as DynamoDB gives it back: no undefined fields. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
