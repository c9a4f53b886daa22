import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { release } from '../../shared/aws/release.ts';
import { restoreTag } from '../../shared/aws/tag.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  createGroup,
  createVpc,
  testClients,
} from './emulator/aws.ts';

const KEY = 'driftguard:profiles';
const BOUND = 'prod-network,broker';

describe('restoreTag', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let vpcId = '';
  let count = 0;

  beforeAll(async () => {
    vpcId = await createVpc(ec2);
  });

  const bound = () => createGroup(ec2, {
    vpcId, name: `t${count++}`, tags: { [KEY]: BOUND, team: 'streaming' },
  });

  async function tagsOf(groupId: string) {
    const output = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    const tags = output.SecurityGroups?.[0]?.Tags ?? [];
    return Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]));
  }

  it('puts back a removed binding tag, recording it absent', async () => {
    const { ec2: watched } = testClients();
    const groupId = await bound();
    await ec2.send(new DeleteTagsCommand({
      Resources: [groupId], Tags: [{ Key: KEY }],
    }));
    const log = journaled(watched);

    const result = await restoreTag({ ...target, ec2: watched },
      { groupId, key: KEY, value: BOUND }, writeOptions(log));

    expect(result).toMatchObject({ status: 'done', done: [KEY] });
    expect(await tagsOf(groupId)).toEqual({ [KEY]: BOUND, team: 'streaming' });
    expect(log.journal).toEqual(['begin restore-tag', 'call CreateTags',
      'finish restore-tag done']);
    expect(log.begun[0]?.before).toEqual({ tags: [] });
  });

  it('puts back a changed binding tag, recording the value before',
    async () => {
      const groupId = await bound();
      await ec2.send(new CreateTagsCommand({
        Resources: [groupId], Tags: [{ Key: KEY, Value: 'staging-network' }],
      }));
      const log = journaled(testClients().ec2);

      await restoreTag(target, { groupId, key: KEY, value: BOUND },
        writeOptions(log));

      expect((await tagsOf(groupId))[KEY]).toBe(BOUND);
      expect(log.begun[0]?.before).toEqual({
        tags: [{ Key: KEY, Value: 'staging-network' }],
      });
    });

  it('changes and records nothing on a second run', async () => {
    const groupId = await bound();
    await ec2.send(new DeleteTagsCommand({
      Resources: [groupId], Tags: [{ Key: KEY }],
    }));
    const log = journaled(testClients().ec2);
    const input = { groupId, key: KEY, value: BOUND };
    await restoreTag(target, input, writeOptions(log));

    const again = await restoreTag(target, input, writeOptions(log));

    expect(again).toMatchObject({ status: 'unchanged', done: [] });
    expect(log.begun).toHaveLength(1);
  });

  it('records a dry run and tags nothing', async () => {
    const groupId = await bound();
    await ec2.send(new DeleteTagsCommand({
      Resources: [groupId], Tags: [{ Key: KEY }],
    }));
    const log = journaled(testClients().ec2);

    const result = await restoreTag(target,
      { groupId, key: KEY, value: BOUND }, writeOptions(log, true));

    expect(result).toMatchObject({ dryRun: true, done: [], planned: [KEY] });
    expect(await tagsOf(groupId)).toEqual({ team: 'streaming' });
  });

  it('deletes a tag that was absent, and restores one that was changed, on '
    + 'release', async () => {
    const removed = await bound();
    const changed = await bound();
    await ec2.send(new DeleteTagsCommand({
      Resources: [removed], Tags: [{ Key: KEY }],
    }));
    await ec2.send(new CreateTagsCommand({
      Resources: [changed], Tags: [{ Key: KEY, Value: 'staging-network' }],
    }));
    const log = journaled(testClients().ec2);
    const input = { key: KEY, value: BOUND };
    const first = await restoreTag(target, { groupId: removed, ...input },
      writeOptions(log));
    const second = await restoreTag(target, { groupId: changed, ...input },
      writeOptions(log));

    for (const result of [first, second]) {
      const entry = await log.get(result.entryId ?? '');
      expect(await release(target, entry!, log))
        .toMatchObject({ status: 'done', done: [KEY] });
    }

    expect(await tagsOf(removed)).toEqual({ team: 'streaming' });
    expect((await tagsOf(changed))[KEY]).toBe('staging-network');
  });
});
