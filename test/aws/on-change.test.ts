import { CreateTagsCommand, DeleteTagsCommand, DescribeSecurityGroupsCommand,
  DescribeVpcsCommand, RevokeSecurityGroupIngressCommand } from
  '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleSession } from '../../cli/demo/events.ts';
import { release } from '../../shared/aws/index.ts';
import {
  DEFAULT_ACCOUNT,
  allowIngress,
  createGroup,
  groupsOfInterface,
  rulesOfGroup,
  shapeOf,
  TEST_REGION,
} from './emulator/aws.ts';
import { drain, notifyClients } from './notify-fixtures.ts';
import {
  account,
  deploy,
  invokeLogged,
  type Deployment,
} from './on-change-fixtures.ts';
import { ingress, role, trail } from './trail.ts';

let live: Deployment;
let world: Awaited<ReturnType<typeof account>>;

beforeAll(async () => {
  live = await deploy();
  world = await account();
});

async function bindingOf(groupId: string): Promise<string | undefined> {
  const out = await world.ec2.send(new DescribeSecurityGroupsCommand({
    GroupIds: [groupId] }));
  return out.SecurityGroups?.[0]?.Tags?.find((t) =>
    t.Key === 'driftguard:profiles')?.Value;
}

describe('the on-change function', () => {
  it('revokes world-open SSH on a prod broker in one call, recorded',
    async () => {
      const ssh = await allowIngress(world.ec2, world.broker, {
        IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
      const event = trail('AuthorizeSecurityGroupIngress',
        ingress(world.broker, 'tcp', 22, 22, '0.0.0.0/0'));

      const result = await live.invoke(event);

      expect(result).toMatchObject({ decision: 'evaluate', actions: [
        { kind: 'revoke-rules', groupId: world.broker, status: 'done' }] });
      const left = await rulesOfGroup(world.ec2, world.broker);
      expect(left.map((r) => r.SecurityGroupRuleId)).not.toContain(ssh);
      expect(left.map((r) => r.SecurityGroupRuleId)).toContain(world.kafka);
      const [entry] = await live.runtime.stores.audit.history(
        DEFAULT_ACCOUNT, world.broker);
      expect(entry).toMatchObject({
        action: 'revoke-rules', status: 'done', dryRun: false,
        reason: { trigger: 'event', eventId: event.detail.eventID,
          actor: 'arn:aws:iam::123456789012:user/maya' },
        before: { rules: [expect.objectContaining({
          SecurityGroupRuleId: ssh, CidrIpv4: '0.0.0.0/0' })] },
      });
      expect(entry!.reason.findings[0]).toMatchObject({
        kind: 'denied-rule', profile: 'prod', policyRule: 'no-public-ingress',
      });
    });

  it('puts back a required rule someone removed', async () => {
    await world.ec2.send(new RevokeSecurityGroupIngressCommand({
      GroupId: world.broker, SecurityGroupRuleIds: [world.kafka] }));
    const event = trail('RevokeSecurityGroupIngress', {
      groupId: world.broker, securityGroupRuleIds: { items: [
        { securityGroupRuleId: world.kafka }] } });

    const result = await live.invoke(event);

    expect(result.actions).toEqual([{ kind: 'authorize-rules',
      groupId: world.broker, status: 'done' }]);
    // Every group of the VPC that carries `client` is referenced again
    // (the PCI group is one too). moto keeps no description on a group
    // pair, so the shape shows none.
    const shapes = (await rulesOfGroup(world.ec2, world.broker)).map(shapeOf);
    expect(shapes).toContain(`ingress tcp 9092-9093 ${world.client}`);
    expect(shapes).toContain(`ingress tcp 9092-9093 ${world.pci}`);
  });

  it('restores a binding tag someone deleted, and alerts', async () => {
    await live.runtime.stores.bindings.remember(DEFAULT_ACCOUNT, TEST_REGION,
      { [world.broker]: 'prod, broker' });
    await world.ec2.send(new DeleteTagsCommand({ Resources: [world.broker],
      Tags: [{ Key: 'driftguard:profiles' }] }));
    const event = trail('DeleteTags', {
      resourcesSet: { items: [{ resourceId: world.broker }] },
      tagSet: { items: [{ key: 'driftguard:profiles' }] } });

    const result = await live.invoke(event);

    expect(result.actions).toContainEqual({ kind: 'restore-tag',
      groupId: world.broker, status: 'done' });
    expect(await bindingOf(world.broker)).toBe('prod, broker');
    const messages = await drain(notifyClients().sqs,
      live.notifications, 10);
    const kinds = messages.flatMap((m) =>
      JSON.parse(m.Body ?? '{}').findings?.map((f: { kind: string }) =>
        f.kind) ?? []);
    expect(kinds).toContain('binding-tampered');
  });

  it('restores the binding when someone deletes every tag of a group',
    async () => {
      const group = await createGroup(world.ec2, { vpcId: world.vpcId,
        name: 'orders-api', tags: { 'driftguard:profiles': 'prod, client',
          team: 'orders' } });
      await live.runtime.stores.bindings.remember(DEFAULT_ACCOUNT,
        TEST_REGION, { [group]: 'prod, client' });
      // `aws ec2 delete-tags --resources sg-…` deletes every tag in EC2;
      // moto deletes none when no tag is named, so each key is deleted to
      // leave the group as EC2 would. The event is what CloudTrail records
      // of the call without tags.
      await world.ec2.send(new DeleteTagsCommand({ Resources: [group],
        Tags: [{ Key: 'driftguard:profiles' }, { Key: 'team' }] }));
      const event = trail('DeleteTags',
        { resourcesSet: { items: [{ resourceId: group }] } });

      const result = await live.invoke(event);

      expect(result.actions).toContainEqual({ kind: 'restore-tag',
        groupId: group, status: 'done' });
      expect(await bindingOf(group)).toBe('prod, client');
    });

  it('lets a platform principal change a binding', async () => {
    // The binding as a sweep (or an earlier event) left it in memory, so
    // that a change by anyone else would be put back.
    await live.runtime.stores.bindings.remember(DEFAULT_ACCOUNT, TEST_REGION,
      { [world.client]: 'prod, client' });
    await world.ec2.send(new CreateTagsCommand({ Resources: [world.client],
      Tags: [{ Key: 'driftguard:profiles', Value: 'prod, client, pci' }] }));
    const event = trail('CreateTags', {
      resourcesSet: { items: [{ resourceId: world.client }] },
      tagSet: { items: [{ key: 'driftguard:profiles',
        value: 'prod, client, pci' }] } },
    { identity: role('platform-admin') });

    const { result, logs } = await invokeLogged(live, event);

    const [decision] = logs.filter((l) => l.message === 'decision: evaluate');
    expect(decision?.findings).not.toHaveProperty('binding-tampered');
    expect(result.actions.map((a) => a.kind)).not.toContain('restore-tag');
    expect(await bindingOf(world.client)).toBe('prod, client, pci');
    expect(await live.runtime.stores.bindings.recall(DEFAULT_ACCOUNT,
      TEST_REGION, world.client)).toBe('prod, client, pci');
  });

  it('judges a group named only by name in the default VPC alone',
    async () => {
      const vpcs = await world.ec2.send(new DescribeVpcsCommand({
        Filters: [{ Name: 'is-default', Values: ['true'] }] }));
      const defaultVpc = vpcs.Vpcs?.[0]?.VpcId ?? '';
      const tags = { 'driftguard:profiles': 'prod' };
      const mine = await createGroup(world.ec2, { vpcId: defaultVpc,
        name: 'web', tags });
      const namesake = await createGroup(world.ec2, { vpcId: world.vpcId,
        name: 'web', tags });
      const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
      await allowIngress(world.ec2, mine, ssh);
      const kept = await allowIngress(world.ec2, namesake, ssh);
      const { groupId: _, ...byName } = ingress(mine, 'tcp', 22, 22,
        '0.0.0.0/0');
      const event = trail('AuthorizeSecurityGroupIngress',
        { groupName: 'web', ...byName });

      const result = await live.invoke(event);

      expect(result.actions).toEqual([{ kind: 'revoke-rules', groupId: mine,
        status: 'done' }]);
      expect((await rulesOfGroup(world.ec2, namesake))
        .map((r) => r.SecurityGroupRuleId)).toContain(kept);
    });

  it('quarantines the interfaces of a PCI group, and release restores them',
    async () => {
      await allowIngress(world.ec2, world.pci, { IpProtocol: 'tcp',
        FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: '10.1.0.0/16' }] });
      const event = trail('AuthorizeSecurityGroupIngress',
        ingress(world.pci, 'tcp', 23, 23, '10.1.0.0/16'));

      const result = await live.invoke(event);

      expect(result.actions).toEqual([{ kind: 'quarantine',
        groupId: world.pci, status: 'done' }]);
      const moved = await Promise.all(world.enis.map((eni) =>
        groupsOfInterface(world.ec2, eni)));
      expect(moved.flat()).not.toContain(world.pci);
      const log = live.runtime.stores.audit;
      const [entry] = await log.history(DEFAULT_ACCOUNT, world.pci);
      expect(entry).toMatchObject({ action: 'quarantine', status: 'done' });

      const target = { ec2: world.ec2, account: DEFAULT_ACCOUNT,
        region: TEST_REGION };
      await release(target, entry!, log);
      for (const eni of world.enis) {
        expect(await groupsOfInterface(world.ec2, eni)).toEqual([world.pci]);
      }
      expect((await log.get(entry!.id))?.releasedBy).toBeDefined();
    });

  it("ignores the function's own revoke", async () => {
    const ssh = await allowIngress(world.ec2, world.broker, {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const event = trail('RevokeSecurityGroupIngress', {
      groupId: world.broker, securityGroupRuleIds: { items: [
        { securityGroupRuleId: ssh }] } },
    { identity: role('driftguard-member') });

    const result = await live.invoke(event);

    expect(result).toMatchObject({ decision: 'ignore', actions: [] });
    expect(result.reason).toMatch(/own role/);
    const ids = (await rulesOfGroup(world.ec2, world.broker))
      .map((r) => r.SecurityGroupRuleId);
    expect(ids).toContain(ssh);
  });
});

describe('the on-change function and roles named as its own', () => {
  it('acts on a change by a namesake of its member role in another account',
    async () => {
      const ssh = await allowIngress(world.ec2, world.broker, {
        IpProtocol: 'tcp', FromPort: 2222, ToPort: 2222,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
      const event = trail('AuthorizeSecurityGroupIngress',
        ingress(world.broker, 'tcp', 2222, 2222, '0.0.0.0/0'),
        { identity: roleSession('444455556666', 'driftguard-member') });

      const result = await live.invoke(event);

      expect(result).toMatchObject({ decision: 'evaluate', actions: [
        { kind: 'revoke-rules', groupId: world.broker, status: 'done' }] });
      expect((await rulesOfGroup(world.ec2, world.broker))
        .map((r) => r.SecurityGroupRuleId)).not.toContain(ssh);
    });
});

describe('the on-change function in dry run', () => {
  it('changes nothing and reports what it would have done', async () => {
    const dry = await deploy({ DRIFTGUARD_DRY_RUN: 'true' });
    const rdp = await allowIngress(world.ec2, world.broker, {
      IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const before = (await rulesOfGroup(world.ec2, world.broker)).map(shapeOf);

    const result = await dry.invoke(trail('AuthorizeSecurityGroupIngress',
      ingress(world.broker, 'tcp', 3389, 3389, '0.0.0.0/0')));

    expect(result.actions).toEqual([{ kind: 'revoke-rules',
      groupId: world.broker, status: 'dry-run' }]);
    expect((await rulesOfGroup(world.ec2, world.broker)).map(shapeOf))
      .toEqual(before);
    const [entry] = await dry.runtime.stores.audit.history(DEFAULT_ACCOUNT,
      world.broker);
    expect(entry).toMatchObject({ dryRun: true,
      intent: expect.stringContaining(rdp) });
  });
});
