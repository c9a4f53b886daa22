import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteTagsCommand,
  DescribeNetworkInterfacesCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupIngressCommand,
  AuthorizeSecurityGroupIngressCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { createClient, readRegion, release } from '../../shared/aws/index.ts';
import { readConfig } from '../../shared/config.ts';
import { SILENT } from '../../shared/notify/channel.ts';
import { releaseCommand } from '../../shared/notify/text.ts';
import { handleEvent } from '../../shared/pipeline/handle.ts';
import { describeAction } from '../../shared/pipeline/notify.ts';
import { convergeSnapshot } from '../../shared/pipeline/region.ts';
import { createRuntime } from '../../shared/pipeline/runtime.ts';
import type { Decision } from '../../shared/pipeline/types.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import { createTable } from '../../shared/store/index.ts';
import {
  cloudTrailEvent,
  iamUser,
  ingressParameters,
  type Place,
} from './events.ts';
import { createWorld, type DemoWorld } from './world.ts';

/** One rogue change and what driftguard decided and did about it. */
export interface DemoStep {
  title: string;
  decision: Decision;
}

/** The whole rehearsal, for printing or checking. */
export interface DemoReport {
  world: DemoWorld;
  initialFindings: number;
  steps: DemoStep[];
  released: { entryId: string; groupsBefore: string[]; groupsAfter: string[] };
}

const REGION = 'eu-west-1';

async function groupsOf(ec2: EC2Client, eni: string): Promise<string[]> {
  const out = await ec2.send(new DescribeNetworkInterfacesCommand({
    NetworkInterfaceIds: [eni] }));
  return (out.NetworkInterfaces?.[0]?.Groups ?? [])
    .map((g) => g.GroupId ?? '').sort();
}

/** The rogue changes: each made on the emulator, then its event. */
function rogueChanges(ec2: EC2Client, w: DemoWorld, place: Place) {
  const mallory = { identity: iamUser(place.account, 'mallory') };
  const event = (name: string, params: object) =>
    cloudTrailEvent(place, name, params, mallory);
  return [
    { title: 'mallory opens SSH to the world on the prod brokers',
      act: () => ec2.send(new AuthorizeSecurityGroupIngressCommand({
        GroupId: w.broker, IpPermissions: [{ IpProtocol: 'tcp',
          FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })),
      event: () => event('AuthorizeSecurityGroupIngress',
        ingressParameters(w.broker, 'tcp', 22, 22, '0.0.0.0/0')) },
    { title: 'mallory removes the rule that lets clients reach Kafka',
      act: () => ec2.send(new RevokeSecurityGroupIngressCommand({
        GroupId: w.broker, SecurityGroupRuleIds: [w.kafkaRule] })),
      event: () => event('RevokeSecurityGroupIngress', { groupId: w.broker,
        securityGroupRuleIds: { items: [
          { securityGroupRuleId: w.kafkaRule }] } }) },
    { title: 'mallory deletes the binding tag of the clients\' group',
      act: () => ec2.send(new DeleteTagsCommand({ Resources: [w.client],
        Tags: [{ Key: 'driftguard:profiles' }] })),
      event: () => event('DeleteTags', {
        resourcesSet: { items: [{ resourceId: w.client }] },
        tagSet: { items: [{ key: 'driftguard:profiles' }] } }) },
    { title: 'mallory attaches an unbound group to the PCI interface',
      act: () => ec2.send(new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: w.pciInterface, Groups: [w.pci, w.wizard] })),
      event: () => event('ModifyNetworkInterfaceAttribute', {
        networkInterfaceId: w.pciInterface, groupSet: { items: [
          { groupId: w.pci }, { groupId: w.wizard }] } }) },
  ];
}

/**
 * The local rehearsal against an emulator at `endpoint`: builds the
 * example account, sweeps it, makes four rogue changes and feeds the
 * event path the CloudTrail event of each, then releases the quarantine.
 */
export async function runDemo(
  endpoint: string,
  bundle: IntentBundle,
  onStep: (step: DemoStep) => void = () => {},
): Promise<DemoReport> {
  const options = { region: REGION, endpoint };
  const ec2 = createClient(EC2Client, options);
  const tableName = `driftguard-demo-${Date.now()}`;
  await createTable({ client: createClient(DynamoDBClient, options),
    tableName });
  const runtime = createRuntime(readConfig({ AWS_REGION: REGION,
    DRIFTGUARD_ENDPOINT_URL: endpoint, DRIFTGUARD_TABLE: tableName,
    DRIFTGUARD_DRY_RUN: 'false', DRIFTGUARD_OWN_ROLES: 'driftguard-member' }),
  SILENT, bundle);
  const deps = runtime.changeDeps();
  const account = await runtime.ownAccount();
  const world = await createWorld(ec2);
  const sweep = await convergeSnapshot(
    await readRegion({ ec2, account, region: REGION }), deps);

  const steps: DemoStep[] = [];
  for (const change of rogueChanges(ec2, world, { account, region: REGION })) {
    await change.act();
    const step = { title: change.title,
      decision: await handleEvent(change.event(), deps) };
    steps.push(step);
    onStep(step);
  }
  const entryId = steps.at(-1)!.decision.actions
    .find((a) => a.action.kind === 'quarantine')?.entryIds[0] ?? '';
  const groupsBefore = await groupsOf(ec2, world.pciInterface);
  const entry = await runtime.stores.audit.get(entryId);
  if (entry) {
    await release({ ec2, account, region: REGION }, entry,
      runtime.stores.audit);
  }
  return {
    world, initialFindings: sweep.evaluation.findings.length, steps,
    released: { entryId, groupsBefore,
      groupsAfter: await groupsOf(ec2, world.pciInterface) },
  };
}

/** A step as lines for people. */
export function stepLines(step: DemoStep): string[] {
  const d = step.decision;
  return [
    `▶ ${step.title}`,
    `  event: ${d.reason}`,
    ...d.findings.map((f) => `  finding: ${f.severity} ${f.kind}: ` +
      f.message),
    ...d.actions.map((o) => `  action: ${describeAction(o.action)}: ` +
      `${o.status}${o.entryIds.length
        ? `; undo: ${releaseCommand(o.entryIds[0]!)}` : ''}`),
    ...d.alerts.map((a) => `  alert only: ${a.finding.kind}: ${a.why}`),
  ];
}
