import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { readBundle, serializeBundle } from '../profiles/index.ts';
import type { IntentBundle } from '../profiles/types.ts';
import type { RolloutState } from '../rollout/state.ts';
import { documentClient, storeFailure, type StoreOptions } from './dynamo.ts';
import { isConditionFailure, RecordConflictError } from './errors.ts';
import { ATTR } from './table.ts';

// Rollouts and the intent bundles they move between live beside the
// other records:
//   ROLLOUT#current   STATE            the rollout under way (or last)
//   BUNDLE#<version>  BUNDLE           an intent bundle, as JSON text
// The rollout carries a revision; every change is a conditional put on
// the revision read, so concurrent functions never lose one another's.

/** A rollout as stored, with the revision a change must name. */
export interface StoredRollout {
  state: RolloutState;
  revision: number;
}

/** Where rollouts and bundles are kept. */
export interface RolloutStore {
  get(): Promise<StoredRollout | undefined>;
  /** Writes `state` if the stored revision is still `revision`. */
  put(state: RolloutState, revision: number): Promise<StoredRollout>;
  putBundle(bundle: IntentBundle): Promise<void>;
  getBundle(version: string): Promise<IntentBundle | undefined>;
}

const CURRENT = { pk: 'ROLLOUT#current', sk: 'STATE' };
const bundleKey = (version: string) =>
  ({ pk: `BUNDLE#${version}`, sk: 'BUNDLE' });

/** Rollouts and bundles in the driftguard table. */
export class DynamoRolloutStore implements RolloutStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: Omit<StoreOptions, 'clock'>) {
    this.db = documentClient(options.client);
    this.tableName = options.tableName;
  }

  async get(): Promise<StoredRollout | undefined> {
    const out = await this.call('read the rollout', () => this.db.send(
      new GetCommand({ TableName: this.tableName, Key: CURRENT,
        ConsistentRead: true })));
    const item = out.Item;
    return item
      ? { state: item.state as RolloutState, revision: item.revision }
      : undefined;
  }

  async put(state: RolloutState, revision: number): Promise<StoredRollout> {
    const next = revision + 1;
    try {
      await this.db.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...CURRENT, [ATTR.type]: 'rollout', state, revision: next },
        ConditionExpression: revision === 0
          ? 'attribute_not_exists(pk)'
          : 'revision = :revision',
        ...(revision === 0
          ? {}
          : { ExpressionAttributeValues: { ':revision': revision } }),
      }));
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new RecordConflictError('the rollout changed meanwhile',
          'ROLLOUT#current', await this.get());
      }
      throw storeFailure('write the rollout', error);
    }
    return { state, revision: next };
  }

  async putBundle(bundle: IntentBundle): Promise<void> {
    await this.call('keep the intent bundle', () => this.db.send(
      new PutCommand({ TableName: this.tableName,
        Item: { ...bundleKey(bundle.version), [ATTR.type]: 'bundle',
          version: bundle.version, json: serializeBundle(bundle) } })));
  }

  async getBundle(version: string): Promise<IntentBundle | undefined> {
    const out = await this.call(`read bundle ${version}`, () => this.db.send(
      new GetCommand({ TableName: this.tableName, Key: bundleKey(version) })));
    const json = out.Item?.json as string | undefined;
    return json ? readBundle(JSON.parse(json)) : undefined;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw storeFailure(what, error);
    }
  }
}
