import { beforeAll, describe, expect, it } from 'vitest';
import { quarantine } from '../../shared/aws/quarantine.ts';
import { release } from '../../shared/aws/release.ts';
import { revokeRules } from '../../shared/aws/revoke.ts';
import { restoreTag } from '../../shared/aws/tag.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import { writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createInterface,
  createNetwork,
  groupsOfInterface,
  rulesOfGroup,
  shapeOf,
  testClients,
} from './emulator/aws.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

// The writes recorded in the DynamoDB audit log the functions use, not
// only in the in-memory one: what they record must fit in an item.
describe('writes recorded in the DynamoDB audit log', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let log: DynamoAuditLog;
  let vpcId = '';
  let subnetId = '';

  beforeAll(async () => {
    const client = dynamoClient();
    log = new DynamoAuditLog({ client, tableName: await freshTable(client) });
    ({ vpcId, subnetId } = await createNetwork(ec2));
  });

  it('records a revoke and its release', async () => {
    const groupId = await createGroup(ec2, { vpcId, name: 'web' });
    const ruleId = await allowIngress(ec2, groupId, {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary' }],
    });
    const shapes = (await rulesOfGroup(ec2, groupId)).map(shapeOf);

    const revoked = await revokeRules(target, { groupId, ruleIds: [ruleId] },
      writeOptions(log));
    const entry = await log.get(revoked.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(entry).toMatchObject({ status: 'done', before: { rules: [
      expect.objectContaining({ SecurityGroupRuleId: ruleId }),
    ] } });
    expect(undone.status).toBe('done');
    expect((await rulesOfGroup(ec2, groupId)).map(shapeOf).sort())
      .toEqual(shapes.sort());
    expect((await log.get(entry!.id))?.releasedBy).toBe(undone.entryId);
  });

  it('records a quarantine, a tag put back where none was, and releases',
    async () => {
      const groupId = await createGroup(ec2, { vpcId, name: 'vendor' });
      const eni = await createInterface(ec2, { subnetId, groupIds: [groupId] });
      const tagged = await restoreTag(target,
        { groupId, key: 'driftguard:profiles', value: 'prod-network' },
        writeOptions(log));
      const moved = await quarantine(target, { groupId, vpcId },
        writeOptions(log));

      for (const id of [moved.entryId, tagged.entryId]) {
        const entry = await log.get(id ?? '');
        expect(await release(target, entry!, log))
          .toMatchObject({ status: 'done' });
      }

      expect(await groupsOfInterface(ec2, eni)).toEqual([groupId]);
      expect((await log.history(DEFAULT_ACCOUNT, groupId))
        .map((entry) => entry.action).sort()).toEqual(
        ['quarantine', 'release', 'release', 'restore-tag']);
    });
});
