// An account to rotate in: one VPC with two subnets, the group every
// interface carries now (old), the group to move them to (fresh, which
// satisfies its profiles), one that does not (rogue), two groups beside
// them, and twenty interfaces carrying old in three arrangements.
import {
  AuthorizeSecurityGroupEgressCommand,
  RevokeSecurityGroupEgressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { loadProfiles } from '../../shared/profiles/index.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import {
  allowIngress,
  createGroup,
  createInterface,
  createSubnet,
  createVpc,
  groupsOfInterface,
} from './emulator/aws.ts';

/** The profiles the fixture's groups are bound to. */
export const PROFILES = 'test/fixtures/plan/profiles';

const BINDING = { 'driftguard:profiles': 'prod, web' };

/** What the fixture made. */
export interface RotationWorld {
  vpcId: string;
  old: string;
  fresh: string;
  rogue: string;
  beside: [string, string];
  /** The twenty interfaces carrying old, in the order they were made. */
  enis: string[];
  /** One interface without old, which no rotation touches. */
  bystander: string;
  /** Each interface's groups as made. */
  sets: Record<string, string[]>;
}

/** The fixture profiles' bundle. */
export async function profiles(): Promise<IntentBundle> {
  const { bundle, diagnostics } = await loadProfiles(PROFILES);
  if (!bundle) throw new Error(JSON.stringify(diagnostics));
  return bundle;
}

/** Egress to the private ranges only, as prod allows. */
async function privateEgress(ec2: EC2Client, groupId: string) {
  const all = { IpProtocol: '-1' };
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId,
    IpPermissions: [{ ...all, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId,
    IpPermissions: [{ ...all, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
}

async function groups(ec2: EC2Client, vpcId: string) {
  const group = (name: string, tags?: Record<string, string>) =>
    createGroup(ec2, { vpcId, name, ...tags ? { tags } : {} });
  const old = await group('web-v1', BINDING);
  const fresh = await group('web-v2', BINDING);
  await privateEgress(ec2, fresh);
  await allowIngress(ec2, fresh, { IpProtocol: 'tcp', FromPort: 443,
    ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] });
  const rogue = await group('web-rogue', BINDING);
  await allowIngress(ec2, rogue, { IpProtocol: 'tcp', FromPort: 22,
    ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  const beside: [string, string] =
    [await group('monitoring'), await group('debug')];
  return { old, fresh, rogue, beside };
}

/** Builds the world in the account of `ec2`. */
export async function rotationWorld(ec2: EC2Client): Promise<RotationWorld> {
  const vpcId = await createVpc(ec2);
  const subnets = [await createSubnet(ec2, vpcId, '10.0.1.0/24'),
    await createSubnet(ec2, vpcId, '10.0.2.0/24')];
  const made = await groups(ec2, vpcId);
  const arrangements = [[made.old], [made.beside[0], made.old],
    [made.old, made.beside[1]]];
  const enis: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    enis.push(await createInterface(ec2, { subnetId: subnets[i % 2]!,
      groupIds: arrangements[i % 3]! }));
  }
  const bystander = await createInterface(ec2,
    { subnetId: subnets[0]!, groupIds: [made.beside[0]] });
  return { vpcId, ...made, enis, bystander,
    sets: await setsOf(ec2, [...enis, bystander]) };
}

/** Each interface's groups now. */
export async function setsOf(
  ec2: EC2Client,
  enis: readonly string[],
): Promise<Record<string, string[]>> {
  const sets: Record<string, string[]> = {};
  for (const eni of enis) sets[eni] = await groupsOfInterface(ec2, eni);
  return sets;
}
