import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
import {
  ATTR,
  quarantineKey,
  quarantinePartition,
  withoutKeys,
} from './table.ts';
import type {
  QuarantineDraft,
  QuarantineRecord,
  QuarantineStore,
} from './types.ts';

/**
 * Quarantine records in the driftguard table (`QUARANTINE#<id>`). The
 * `gsi1` partition of a record follows its status, so listing an
 * account's active quarantines is one query. Records never expire.
 */
export class DynamoQuarantineStore implements QuarantineStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: StoreOptions) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Records a new active quarantine; an id already used is refused. */
  async put(draft: QuarantineDraft): Promise<QuarantineRecord> {
    const record: QuarantineRecord = {
      ...structuredClone(draft),
      status: 'active',
      createdAt: this.clock().toISOString(),
    };
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: quarantineItem(record),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`record quarantine ${draft.id}`, error);
      }
      throw new RecordConflictError(`quarantine ${draft.id} exists already`,
        draft.id, await this.get(draft.id));
    }
    return record;
  }

  /** One record, read consistently. */
  async get(id: string): Promise<QuarantineRecord | undefined> {
    return storeCall(`read quarantine ${id}`, () =>
      getRecord<QuarantineRecord>(this.db, this.tableName, quarantineKey(id)));
  }

  /** An account's active quarantines, oldest first, optionally narrowed. */
  async listActive(
    account: string,
    filter: { region?: string; groupId?: string } = {},
  ): Promise<QuarantineRecord[]> {
    const records = await storeCall(`list quarantines of ${account}`, () =>
      queryIndex<QuarantineRecord>(this.db, {
        tableName: this.tableName,
        partition: quarantinePartition(account, 'active'),
      }));
    return records.filter((r) =>
      (filter.region === undefined || r.region === filter.region) &&
      (filter.groupId === undefined || r.groupId === filter.groupId));
  }

  /**
   * Marks an active quarantine released by the audit entry `by`; the same
   * release again returns the record as it is.
   */
  async release(id: string, by: string): Promise<QuarantineRecord> {
    const existing = await this.get(id);
    if (!existing) throw new RecordNotFoundError('quarantine', id);
    try {
      const output = await this.db.send(new UpdateCommand({
        TableName: this.tableName,
        Key: quarantineKey(id),
        UpdateExpression: 'SET #status = :released, #at = :at, #by = :by, ' +
          '#gsi1pk = :partition',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: {
          '#status': 'status', '#at': 'releasedAt', '#by': 'releasedBy',
          '#gsi1pk': ATTR.gsi1pk,
        },
        ExpressionAttributeValues: {
          ':released': 'released', ':active': 'active', ':by': by,
          ':at': this.clock().toISOString(),
          ':partition': quarantinePartition(existing.account, 'released'),
        },
        ReturnValues: 'ALL_NEW',
      }));
      return withoutKeys<QuarantineRecord>(output.Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`release quarantine ${id}`, error);
      }
      const current = await this.get(id);
      if (current?.releasedBy === by) return current;
      throw new RecordConflictError(
        `quarantine ${id} was already released by ${current?.releasedBy}`,
        id, current);
    }
  }
}

/** A record as an item, indexed under its account and status. */
function quarantineItem(record: QuarantineRecord): Record<string, unknown> {
  return {
    ...record,
    ...quarantineKey(record.id),
    [ATTR.gsi1pk]: quarantinePartition(record.account, record.status),
    [ATTR.gsi1sk]: record.id,
    [ATTR.type]: 'quarantine',
  };
}
