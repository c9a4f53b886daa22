// Rotations in the driftguard table. A rotation and its members share a
// partition, so one consistent query reads it back whole:
//
//   record             pk                   sk
//   rotation           ROTATION#<id>        ROTATION
//   rotation member    ROTATION#<id>        ENTRY#<audit entry id>
//
// Audit ids start with their time, so members come back oldest first.
// Neither item is indexed nor expires: a rotation is kept as long as the
// audit entries it names.
import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { paginateQuery, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  documentClient,
  storeCall,
  storeFailure,
  type StoreOptions,
} from './dynamo.ts';
import { isConditionFailure, RecordConflictError } from './errors.ts';
import { ATTR, withoutKeys, type TableKey } from './table.ts';
import type {
  RotationDraft,
  RotationMember,
  RotationRecord,
  RotationStore,
} from './types.ts';

/** A new rotation id: `rotation-20261203T200114Z-67e26b0a`. */
export function rotationId(at: Date): string {
  const time = at.toISOString().replace(/[-:]|\.\d+/g, '');
  return `rotation-${time}-${randomBytes(4).toString('hex')}`;
}

/** Whether an id names a rotation rather than an audit entry. */
export function isRotationId(id: string): boolean {
  return /^rotation-\d{8}T\d{6}Z-[0-9a-f]+$/.test(id);
}

/** Where a rotation's own record lives. */
export function rotationKey(id: string): TableKey {
  return { pk: `ROTATION#${id}`, sk: 'ROTATION' };
}

/** Where one member of a rotation lives. */
export function rotationMemberKey(id: string, entryId: string): TableKey {
  return { pk: `ROTATION#${id}`, sk: `ENTRY#${entryId}` };
}

/** Rotations in the driftguard table (see the layout above). */
export class DynamoRotationStore implements RotationStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: StoreOptions) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Records a new rotation; an id already used is refused. */
  async start(draft: RotationDraft): Promise<RotationRecord> {
    const record: RotationRecord = { ...structuredClone(draft),
      startedAt: this.clock().toISOString(), members: [] };
    const { members: _, ...item } = record;
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...item, ...rotationKey(draft.id),
          [ATTR.type]: 'rotation' },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': ATTR.pk },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw storeFailure(`record rotation ${draft.id}`, error);
      }
      throw new RecordConflictError(`rotation ${draft.id} exists already`,
        draft.id, await this.get(draft.id));
    }
    return record;
  }

  /** Adds a member; resolves once DynamoDB has stored it. */
  async add(id: string, member: RotationMember): Promise<void> {
    await storeCall(`add ${member.entryId} to rotation ${id}`, () =>
      this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...member, ...rotationMemberKey(id, member.entryId),
          [ATTR.type]: 'rotation-member' },
      })));
  }

  /** A rotation with its members, read consistently. */
  async get(id: string): Promise<RotationRecord | undefined> {
    const items = await storeCall(`read rotation ${id}`, () =>
      this.partition(id));
    const head = items.find((item) => item[ATTR.sk] === 'ROTATION');
    if (!head) return undefined;
    const members = items.filter((item) => item !== head)
      .map((item) => withoutKeys<RotationMember>(item));
    return { ...withoutKeys<RotationRecord>(head), members };
  }

  private async partition(id: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery({ client: this.db }, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': ATTR.pk },
      ExpressionAttributeValues: { ':pk': rotationKey(id).pk },
      ConsistentRead: true,
    });
    for await (const page of pages) items.push(...page.Items ?? []);
    return items;
  }
}

/** Rotations in memory: what `rotate` keeps without a table. */
export class MemoryRotationStore implements RotationStore {
  private readonly records = new Map<string, RotationRecord>();
  private readonly clock: () => Date;

  constructor(clock: () => Date = () => new Date()) {
    this.clock = clock;
  }

  async start(draft: RotationDraft): Promise<RotationRecord> {
    if (this.records.has(draft.id)) {
      throw new RecordConflictError(`rotation ${draft.id} exists already`,
        draft.id, await this.get(draft.id));
    }
    const record: RotationRecord = { ...structuredClone(draft),
      startedAt: this.clock().toISOString(), members: [] };
    this.records.set(draft.id, record);
    return structuredClone(record);
  }

  async add(id: string, member: RotationMember): Promise<void> {
    const record = this.records.get(id);
    if (!record) throw new Error(`no rotation ${id}`);
    record.members.push(structuredClone(member));
  }

  async get(id: string): Promise<RotationRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }
}
