import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { readBundle, serializeBundle } from '../profiles/index.ts';
import type { IntentBundle } from '../profiles/types.ts';
import type { RolloutState } from '../rollout/state.ts';
import { documentClient, storeFailure, type StoreOptions } from './dynamo.ts';
import {
  isConditionFailure,
  RecordConflictError,
  StoreError,
} from './errors.ts';
import { ATTR } from './table.ts';

// Rollouts and the intent bundles they move between live beside the
// other records:
//   ROLLOUT#current   STATE            the rollout under way (or last)
//   BUNDLE#<version>  BUNDLE           an intent bundle, its JSON gzipped
//                                      (binary `gz`; older items: `json`)
// The rollout carries a revision; every change is a conditional put on
// the revision read, so concurrent functions never lose one another's.

/** The most a DynamoDB item may hold, names and values together. */
const ITEM_LIMIT_BYTES = 400 * 1024;

// What a bundle item holds besides the gzipped JSON: its key, type and
// version, with their names; generously rounded up.
const BUNDLE_ITEM_OVERHEAD = 256;

/** A bundle that does not fit one DynamoDB item, even gzipped. */
export class BundleTooLargeError extends StoreError {
  override name = 'BundleTooLargeError';
  readonly bytes: number;

  constructor(version: string, gzipped: number, json: number) {
    const kb = (n: number) => (n / 1024).toFixed(1);
    super(`intent bundle ${version} is ${kb(gzipped)} KB gzipped ` +
      `(${kb(json)} KB of JSON); a DynamoDB item holds at most ` +
      `${ITEM_LIMIT_BYTES / 1024} KB, so the rollout cannot keep it: ` +
      'make the profiles smaller (fewer or shorter CIDR sets, ' +
      'exemptions and descriptions)');
    this.bytes = gzipped;
  }
}

/** A bundle's JSON, gzipped; throws when it cannot fit one item. */
function packBundle(bundle: IntentBundle): Uint8Array {
  const json = Buffer.from(serializeBundle(bundle), 'utf8');
  const gz = gzipSync(json, { level: 9 });
  if (gz.length + BUNDLE_ITEM_OVERHEAD > ITEM_LIMIT_BYTES) {
    throw new BundleTooLargeError(bundle.version, gz.length, json.length);
  }
  return new Uint8Array(gz);
}

function unpackBundle(item: Record<string, unknown>): IntentBundle {
  const text = item.gz instanceof Uint8Array
    ? gunzipSync(item.gz).toString('utf8')
    : String(item.json);
  return readBundle(JSON.parse(text));
}

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
    const gz = packBundle(bundle);
    await this.call('keep the intent bundle', () => this.db.send(
      new PutCommand({ TableName: this.tableName,
        Item: { ...bundleKey(bundle.version), [ATTR.type]: 'bundle',
          version: bundle.version, gz } })));
  }

  async getBundle(version: string): Promise<IntentBundle | undefined> {
    const out = await this.call(`read bundle ${version}`, () => this.db.send(
      new GetCommand({ TableName: this.tableName, Key: bundleKey(version) })));
    return out.Item ? unpackBundle(out.Item) : undefined;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw storeFailure(what, error);
    }
  }
}
