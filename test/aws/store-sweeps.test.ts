import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  documentClient,
  DynamoSweepStore,
  sweepKey,
  sweepRegionKey,
} from '../../shared/store/index.ts';
import type {
  SweepDraft,
  SweepRegionResult,
} from '../../shared/store/index.ts';
import { createCallCounter, createClient } from
  '../../shared/aws/clients.ts';
import { testClients } from './emulator/aws.ts';
import { dynamoClient, freshTable, oneItemWriteAtATime } from
  './store-fixtures.ts';

const AT = '2026-03-01T12:00:00.000Z';
const LEASE = 60_000;

function draft(id: string, accounts = ['111111111111', '222222222222']):
  SweepDraft {
  return { id, startedAt: AT, accounts, regions: ['eu-west-1'],
    expected: accounts.length, intentVersion: 'v1', dryRun: true };
}

function result(sweepId: string, account: string): SweepRegionResult {
  return { sweepId, account, region: 'eu-west-1', at: AT, status: 'swept',
    writes: { 'dry-run': 2 }, intentVersion: 'v1' };
}

let table = '';
let store: DynamoSweepStore;

beforeAll(async () => {
  const client = dynamoClient();
  table = await freshTable(client);
  store = new DynamoSweepStore({ client, tableName: table });
});

describe('DynamoSweepStore', () => {
  it('starts a sweep once and returns the first on a retried start',
    async () => {
      const first = await store.start(draft('s-start'));
      const again = await store.start({ ...draft('s-start'),
        accounts: ['333333333333'], expected: 1 });

      expect(first).toMatchObject({ created: true, record: { done: 0 } });
      expect(again).toMatchObject({ created: false,
        record: { accounts: ['111111111111', '222222222222'], expected: 2 } });
    });

  it('counts the first result of an account-region, not a second',
    async () => {
      await store.start(draft('s-count'));

      const first = await store.record(result('s-count', '111111111111'));
      const again = await store.record({ ...result('s-count',
        '111111111111'), writes: { done: 1 } });

      expect(first).toEqual({ counted: true, done: 1, expected: 2 });
      expect(again).toEqual({ counted: false, done: 1, expected: 2 });
      const [kept] = await store.results('s-count');
      expect(kept?.writes).toEqual({ done: 1 });
    });

  it('counts parallel results of every account-region exactly',
    async () => {
      const accounts = Array.from({ length: 20 }, (_, i) =>
        String(100000000000 + i));
      await store.start(draft('s-parallel', accounts));
      const client = dynamoClient();
      oneItemWriteAtATime(client);
      const serial = new DynamoSweepStore({ client, tableName: table });

      const seen = await Promise.all([...accounts, ...accounts.slice(0, 5)]
        .map((a) => serial.record(result('s-parallel', a))));

      expect(seen.filter((p) => p?.counted)).toHaveLength(20);
      expect(await store.get('s-parallel')).toMatchObject({ done: 20 });
    });

  it('keeps the result of an unknown sweep and counts nothing', async () => {
    const progress = await store.record(result('s-none', '111111111111'));
    expect(progress).toBeUndefined();
    expect(await store.results('s-none')).toHaveLength(1);
    expect(await store.get('s-none')).toBeUndefined();
  });

  it('lets one claim the digest, once every account-region is done',
    async () => {
      await store.start(draft('s-claim'));
      const now = new Date(AT);
      await store.record(result('s-claim', '111111111111'));
      expect(await store.claimDigest('s-claim', now, LEASE)).toBe(false);

      await store.record(result('s-claim', '222222222222'));
      const claims = await Promise.all([1, 2, 3].map(() =>
        store.claimDigest('s-claim', now, LEASE)));

      expect(claims.filter(Boolean)).toHaveLength(1);
    });

  it('hands a lapsed claim to another, and none once the digest is sent',
    async () => {
      await store.start(draft('s-lease', ['111111111111']));
      await store.record(result('s-lease', '111111111111'));
      const t0 = new Date(AT);
      await store.claimDigest('s-lease', t0, LEASE);

      const early = new Date(t0.getTime() + LEASE - 1);
      const late = new Date(t0.getTime() + LEASE + 1);
      expect(await store.claimDigest('s-lease', early, LEASE)).toBe(false);
      expect(await store.claimDigest('s-lease', late, LEASE)).toBe(true);

      const digest = { sweepId: 's-lease' } as never;
      await store.complete('s-lease', digest, late);
      const later = new Date(late.getTime() + 10 * LEASE);
      expect(await store.claimDigest('s-lease', later, LEASE)).toBe(false);
      expect(await store.get('s-lease')).toMatchObject({ digest: 'sent',
        summary: { sweepId: 's-lease' }, completedAt: late.toISOString() });
    });

  it('reads back every result, over several pages', async () => {
    const accounts = Array.from({ length: 30 }, (_, i) =>
      String(200000000000 + i));
    await store.start(draft('s-pages', accounts));
    const big = 'x'.repeat(60_000);
    for (const a of accounts) {
      await store.record({ ...result('s-pages', a), error: big });
    }

    const counter = createCallCounter();
    const client = createClient(DynamoDBClient,
      { ...testClients().options, counter });
    const all = await new DynamoSweepStore({ client, tableName: table })
      .results('s-pages');

    expect(all.map((r) => r.account).sort()).toEqual(accounts);
    expect(counter.calls.Query).toBe(2);
  });

  it('keeps sweep records and their results for good (no TTL)',
    async () => {
      await store.start(draft('s-kept'));
      await store.record(result('s-kept', '111111111111'));
      await store.complete('s-kept', { sweepId: 's-kept' } as never,
        new Date(AT));
      const db = documentClient(dynamoClient());
      const read = (Key: { pk: string; sk: string }) =>
        db.send(new GetCommand({ TableName: table, Key }));

      const sweep = await read(sweepKey('s-kept'));
      const region = await read(sweepRegionKey('s-kept', '111111111111',
        'eu-west-1'));

      expect(sweep.Item).toMatchObject({ summary: { sweepId: 's-kept' } });
      expect(sweep.Item).not.toHaveProperty('expiresAt');
      expect(region.Item).toMatchObject({ status: 'swept' });
      expect(region.Item).not.toHaveProperty('expiresAt');
    });
});
