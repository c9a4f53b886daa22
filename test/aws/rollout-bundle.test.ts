import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/store/dynamo.ts';
import {
  loadProfiles,
  serializeBundle,
} from '../../shared/profiles/index.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import {
  BundleTooLargeError,
  DynamoRolloutStore,
} from '../../shared/store/rollout.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

const PROFILES = 'test/fixtures/on-change/profiles';
const client = dynamoClient();
let big: IntentBundle;

/** The on-change profiles and a CIDR set of `n` /24s, loaded. */
async function withLargeSet(n: number): Promise<IntentBundle> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-big-'));
  for (const file of await readdir(PROFILES)) {
    await copyFile(path.join(PROFILES, file), path.join(dir, file));
  }
  const cidrs = Array.from({ length: n }, (_, i) =>
    `    - "10.${(i >> 8) & 255}.${i & 255}.0/24"`);
  await writeFile(path.join(dir, 'partners.yaml'), [
    'apiVersion: driftguard/v1', 'kind: CidrSet',
    'metadata: { name: partners }', 'spec:', '  cidrs:', ...cidrs, '']
    .join('\n'));
  const { bundle, diagnostics } = await loadProfiles(dir);
  if (!bundle) throw new Error(JSON.stringify(diagnostics));
  return bundle;
}

/** `n` random /32s: text gzip can hardly shrink. */
function noise(n: number): string[] {
  const octet = () => Math.floor(Math.random() * 256);
  return Array.from({ length: n }, () =>
    `${octet()}.${octet()}.${octet()}.${octet()}/32`);
}

beforeAll(async () => {
  big = await withLargeSet(20_000);
});

describe('DynamoRolloutStore', () => {
  it('keeps a bundle larger than a DynamoDB item, gzipped', async () => {
    const store = new DynamoRolloutStore({ client,
      tableName: await freshTable(client) });
    expect(serializeBundle(big).length).toBeGreaterThan(400 * 1024);

    await store.putBundle(big);

    expect(await store.getBundle(big.version)).toEqual(big);
  });

  it('refuses a bundle that does not fit even gzipped, naming its size',
    async () => {
      const store = new DynamoRolloutStore({ client,
        tableName: await freshTable(client) });
      const partners = big.cidrSets.partners!;
      const huge: IntentBundle = { ...big, version: 'f'.repeat(16),
        cidrSets: { partners: { ...partners, cidrs: noise(150_000) } } };

      const put = store.putBundle(huge);

      await expect(put).rejects.toBeInstanceOf(BundleTooLargeError);
      await expect(put).rejects.toThrow(new RegExp(
        `^intent bundle ${huge.version} is \\d+\\.\\d KB gzipped ` +
        '\\(\\d+\\.\\d KB of JSON\\); a DynamoDB item holds at most ' +
        '400 KB'));
      expect(await store.getBundle(huge.version)).toBeUndefined();
    });

  it('still reads a bundle kept as JSON text before', async () => {
    const tableName = await freshTable(client);
    const store = new DynamoRolloutStore({ client, tableName });
    const small = (await loadProfiles(PROFILES)).bundle!;
    await documentClient(client).send(new PutCommand({ TableName: tableName,
      Item: { pk: `BUNDLE#${small.version}`, sk: 'BUNDLE',
        recordType: 'bundle', version: small.version,
        json: serializeBundle(small) } }));

    expect(await store.getBundle(small.version)).toEqual(small);
  });
});
