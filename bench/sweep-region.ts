// Builds one account-region at EC2's quota in the emulator, as fast as it
// goes: many permissions per authorize call, many calls in flight.
import { performance } from 'node:perf_hooks';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { mapLimit } from '../shared/limit.ts';

/** What was built: counts, and how long it took. */
export interface Built {
  groups: number;
  rules: number;
  interfaces: number;
  seconds: number;
}

const GROUPS = Number(process.env.BENCH_GROUPS ?? 2_500);
const INTERFACES = Math.floor(GROUPS / 5);
const IN_FLIGHT = 32;
const BINDINGS = ['prod-network, broker', 'prod-network, client',
  'prod-network, agent', 'prod-network, client, pci', ''];

/** 39 ingress rules; every 25th group has public SSH among them. */
function ingress(i: number): IpPermission[] {
  const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    IpRanges: Array.from({ length: 38 }, (_, n) =>
      ({ CidrIp: `10.10.${n}.0/24` })) };
  const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
    IpRanges: [{ CidrIp: i % 25 === 0 ? '0.0.0.0/0' : '10.50.250.0/28' }] };
  return [https, ssh];
}

/** 20 egress rules, beside the allow-all one EC2 adds: 60 in all. */
function egress(i: number): IpPermission[] {
  return [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    IpRanges: Array.from({ length: 20 }, (_, n) =>
      ({ CidrIp: `10.10.${(i + n) % 256}.7/32` })) }];
}

async function group(ec2: EC2Client, vpcId: string, i: number) {
  const binding = BINDINGS[i % BINDINGS.length]!;
  const created = await ec2.send(new CreateSecurityGroupCommand({
    VpcId: vpcId, GroupName: `bench-${i}`, Description: `bench group ${i}`,
    TagSpecifications: binding ? [{ ResourceType: 'security-group',
      Tags: [{ Key: 'driftguard:profiles', Value: binding }] }] : undefined,
  }));
  const GroupId = created.GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId,
    IpPermissions: ingress(i) }));
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId,
    IpPermissions: egress(i) }));
  return GroupId;
}

/**
 * A VPC with 2,500 groups (BENCH_GROUPS) of 60 rules each, and one
 * interface per five groups, tagged env=prod, carrying two of them.
 */
export async function buildRegion(ec2: EC2Client): Promise<Built> {
  const start = performance.now();
  const vpc = await ec2.send(new CreateVpcCommand({
    CidrBlock: '10.10.0.0/16' }));
  const VpcId = vpc.Vpc!.VpcId!;
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId,
    CidrBlock: '10.10.0.0/20' }));
  const ids = await mapLimit(Array.from({ length: GROUPS }, (_, i) => i),
    IN_FLIGHT, (i) => group(ec2, VpcId, i));
  await mapLimit(Array.from({ length: INTERFACES }, (_, i) => i), IN_FLIGHT,
    (i) => ec2.send(new CreateNetworkInterfaceCommand({
      SubnetId: subnet.Subnet!.SubnetId!,
      Groups: [ids[5 * i]!, ids[5 * i + 1]!],
      TagSpecifications: [{ ResourceType: 'network-interface',
        Tags: [{ Key: 'env', Value: 'prod' }] }],
    })));
  return { groups: GROUPS, rules: GROUPS * 60, interfaces: INTERFACES,
    seconds: Number(((performance.now() - start) / 1000).toFixed(1)) };
}
