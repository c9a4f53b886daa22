import {
  DescribeTimeToLiveCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SdkClient } from '../../shared/aws/clients.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import {
  RecordConflictError,
  RecordNotFoundError,
} from '../../shared/store/errors.ts';
import type { AuditOutcome } from '../../shared/store/types.ts';
import { revokeRules } from '../../shared/aws/revoke.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createVpc,
  rulesOfGroup,
  testClients,
} from './emulator/aws.ts';
import { writeOptions } from './emulator/audit.ts';
import {
  draft,
  dynamoClient,
  freshTable,
  manualClock,
} from './store-fixtures.ts';

/**
 * Lets the first `operation` reach the emulator, then loses its answer as
 * a dropped connection would (a fault the emulator cannot produce), so
 * the SDK retries a call that has already been applied.
 */
function loseFirstAnswer(client: SdkClient, operation: string): () => number {
  let lost = 0;
  client.middlewareStack.add((next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName !== `${operation}Command` || lost > 0) {
      return result;
    }
    lost += 1;
    throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
  }, { step: 'deserialize', priority: 'low', name: 'testLoseFirstAnswer' });
  return () => lost;
}

const DONE: AuditOutcome = {
  status: 'done', done: ['sgr-0123456789abcdef0'], failed: [],
};

describe('DynamoAuditLog', () => {
  const client = dynamoClient();
  const clock = manualClock();
  let log: DynamoAuditLog;
  let tableName = '';

  beforeAll(async () => {
    tableName = await freshTable(client);
    log = new DynamoAuditLog({ client, tableName, clock: clock.now });
  });

  it('writes a pending entry that is readable once begin resolves',
    async () => {
      const entry = await log.begin(draft('sg-begin'));

      expect(entry).toMatchObject({ status: 'pending', groupId: 'sg-begin',
        at: clock.now().toISOString() });
      expect(entry.id.startsWith(entry.at)).toBe(true);
      expect(await log.get(entry.id)).toEqual(entry);
    });

  it('stands by an entry whose first put landed but whose answer was lost',
    async () => {
      const lossy = dynamoClient();
      const lost = loseFirstAnswer(lossy, 'PutItem');
      const lossyLog = new DynamoAuditLog({ client: lossy, tableName });

      const entry = await lossyLog.begin(draft('sg-lost-answer'));

      expect(lost()).toBe(1);
      expect(await log.get(entry.id)).toEqual(entry);
    });

  it('refuses an entry too large for one item, so the write never starts',
    async () => {
      const rules = Array.from({ length: 2_000 }, (_, n) => ({
        SecurityGroupRuleId: `sgr-${n}`, GroupId: 'sg-huge', IsEgress: false,
        IpProtocol: 'tcp', FromPort: n, ToPort: n, CidrIpv4: '0.0.0.0/0',
        Description: 'x'.repeat(250),
      }));

      await expect(log.begin(draft('sg-huge', { before: { rules } })))
        .rejects.toThrow(/could not record the audit entry of sg-huge/);
      expect(await log.history(DEFAULT_ACCOUNT, 'sg-huge')).toEqual([]);
    });

  it('finishes an entry with its outcome', async () => {
    const entry = await log.begin(draft('sg-finish'));
    const finished = await log.finish(entry.id, DONE);

    expect(finished).toEqual({ ...entry, status: 'done', outcome: DONE });
    expect(await log.get(entry.id)).toEqual(finished);
  });

  it('accepts the same finish twice, as a retried call sends it', async () => {
    const entry = await log.begin(draft('sg-twice'));
    await log.finish(entry.id, DONE);

    await expect(log.finish(entry.id, DONE)).resolves
      .toMatchObject({ status: 'done' });
  });

  it('refuses to finish a finished entry differently', async () => {
    const entry = await log.begin(draft('sg-conflict'));
    await log.finish(entry.id, DONE);
    const failed: AuditOutcome = { status: 'failed', done: [],
      failed: [{ id: 'sgr-1', error: 'InvalidPermission.NotFound' }] };

    await expect(log.finish(entry.id, failed)).rejects
      .toBeInstanceOf(RecordConflictError);
    expect((await log.get(entry.id))?.outcome).toEqual(DONE);
  });

  it('refuses to finish an entry that does not exist', async () => {
    await expect(log.finish('2026-01-01T00:00:00.000Z#none', DONE)).rejects
      .toBeInstanceOf(RecordNotFoundError);
  });

  it('returns undefined for an unknown id', async () => {
    expect(await log.get('2026-01-01T00:00:00.000Z#none')).toBeUndefined();
  });

  it('lists a group\'s entries newest first, and only that group\'s',
    async () => {
      const ids: string[] = [];
      for (let n = 0; n < 4; n += 1) {
        clock.advance(1_000);
        ids.push((await log.begin(draft('sg-history'))).id);
        await log.begin(draft('sg-neighbour'));
      }
      await log.begin(draft('sg-history', { account: '210987654321' }));

      const history = await log.history(DEFAULT_ACCOUNT, 'sg-history');

      expect(history.map((e) => e.id)).toEqual(ids.reverse());
    });

  it('lists an entry as finished once it is', async () => {
    const entry = await log.begin(draft('sg-listed'));
    await log.finish(entry.id, DONE);

    const [listed] = await log.history(DEFAULT_ACCOUNT, 'sg-listed');

    expect(listed).toEqual({ ...entry, status: 'done', outcome: DONE });
  });

  it('marks an entry released by a release entry', async () => {
    const entry = await log.begin(draft('sg-release'));
    await log.finish(entry.id, DONE);
    const release = await log.begin(draft('sg-release', {
      action: 'release', releases: entry.id,
    }));

    await log.markReleased(entry.id, release.id);
    await log.markReleased(entry.id, release.id);

    expect((await log.get(entry.id))?.releasedBy).toBe(release.id);
    await expect(log.markReleased(entry.id, 'another')).rejects
      .toBeInstanceOf(RecordConflictError);
    await expect(log.markReleased('2026-01-01T00:00:00.000Z#x', release.id))
      .rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('keeps the rules of a group before and after a write, as EC2 '
    + 'described them', async () => {
    const { ec2 } = testClients();
    const vpcId = await createVpc(ec2);
    const groupId = await createGroup(ec2, { vpcId, name: 'audited' });
    const ssh = await allowIngress(ec2, groupId, { IpProtocol: 'tcp',
      FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] });
    const before = await rulesOfGroup(ec2, groupId);
    const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };

    const result = await revokeRules(target, { groupId, ruleIds: [ssh] },
      writeOptions(log));

    const entry = await log.get(result.entryId ?? '');
    const byId = (a: { SecurityGroupRuleId?: string },
      b: { SecurityGroupRuleId?: string }) =>
      (a.SecurityGroupRuleId ?? '').localeCompare(b.SecurityGroupRuleId ?? '');
    expect(entry?.before.groupRules?.sort(byId)).toEqual(before.sort(byId));
    expect(entry?.outcome?.groupRules).toEqual(
      await rulesOfGroup(ec2, groupId));
    expect(entry?.outcome?.groupRules?.map((r) => r.SecurityGroupRuleId))
      .not.toContain(ssh);
  });

  it('gives audit entries no expiry', async () => {
    const ttl = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }));
    const items = await client.send(new ScanCommand({ TableName: tableName }));

    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt',
    });
    expect(items.Items?.length).toBeGreaterThan(0);
    expect(items.Items?.filter((item) => 'expiresAt' in item)).toEqual([]);
  });
});
