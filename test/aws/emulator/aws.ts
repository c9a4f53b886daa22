// Clients pointed at the emulator, and small builders of EC2 resources, so
// that tests say what they set up in a line each.
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type {
  IpPermission,
  SecurityGroupRule,
  Tag,
} from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { inject } from 'vitest';
import {
  createCallCounter,
  createClient,
} from '../../../shared/aws/clients.ts';
import type {
  AwsCredentials,
  CallCounter,
  ClientOptions,
} from '../../../shared/aws/clients.ts';

/** Region of the tests unless one says otherwise. */
export const TEST_REGION = 'us-east-1';

/** The account moto serves to the dummy credentials. */
export const DEFAULT_ACCOUNT = '123456789012';

/** Dummy keys; moto accepts any. */
export const TEST_CREDENTIALS: AwsCredentials = {
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
};

/** Clients of one identity and region, sharing one call counter. */
export interface TestClients {
  ec2: EC2Client;
  sts: STSClient;
  organizations: OrganizationsClient;
  counter: CallCounter;
  /** The options the clients were built with, to build more alike. */
  options: ClientOptions;
}

/** Endpoint of the emulator that the global setup started. */
export function emulatorEndpoint(): string {
  return inject('awsEndpoint');
}

/** Clients pointed at the emulator (us-east-1, dummy keys by default). */
export function testClients(options: ClientOptions = {}): TestClients {
  const all: ClientOptions = {
    region: TEST_REGION,
    endpoint: emulatorEndpoint(),
    credentials: TEST_CREDENTIALS,
    counter: createCallCounter(),
    ...options,
  };
  return {
    ec2: createClient(EC2Client, all),
    sts: createClient(STSClient, all),
    organizations: createClient(OrganizationsClient, all),
    counter: all.counter ?? createCallCounter(),
    options: all,
  };
}

/** A new VPC's id. */
export async function createVpc(
  ec2: EC2Client,
  cidr = '10.0.0.0/16',
): Promise<string> {
  const output = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return required(output.Vpc?.VpcId, 'VpcId');
}

/** A new subnet's id. */
export async function createSubnet(
  ec2: EC2Client,
  vpcId: string,
  cidr = '10.0.1.0/24',
): Promise<string> {
  const output = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }));
  return required(output.Subnet?.SubnetId, 'SubnetId');
}

/** A new security group's id; it starts with EC2's allow-all egress rule. */
export async function createGroup(
  ec2: EC2Client,
  group: { vpcId: string; name: string; tags?: Record<string, string> },
): Promise<string> {
  const output = await ec2.send(new CreateSecurityGroupCommand({
    VpcId: group.vpcId,
    GroupName: group.name,
    Description: `test group ${group.name}`,
    TagSpecifications: tagSpec('security-group', group.tags),
  }));
  return required(output.GroupId, 'GroupId');
}

/** Add one ingress permission (one peer); returns the new rule's id. */
export async function allowIngress(
  ec2: EC2Client,
  groupId: string,
  permission: IpPermission,
): Promise<string> {
  const output = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: groupId,
    IpPermissions: [permission],
  }));
  return required(output.SecurityGroupRules?.[0]?.SecurityGroupRuleId,
    'SecurityGroupRuleId');
}

/** Add one egress permission (one peer); returns the new rule's id. */
export async function allowEgress(
  ec2: EC2Client,
  groupId: string,
  permission: IpPermission,
): Promise<string> {
  const output = await ec2.send(new AuthorizeSecurityGroupEgressCommand({
    GroupId: groupId,
    IpPermissions: [permission],
  }));
  return required(output.SecurityGroupRules?.[0]?.SecurityGroupRuleId,
    'SecurityGroupRuleId');
}

/** Every rule of a group as the emulator holds it now, sorted by id. */
export async function rulesOfGroup(
  ec2: EC2Client,
  groupId: string,
): Promise<SecurityGroupRule[]> {
  const output = await ec2.send(new DescribeSecurityGroupRulesCommand({
    Filters: [{ Name: 'group-id', Values: [groupId] }],
  }));
  return [...output.SecurityGroupRules ?? []].sort((a, b) =>
    (a.SecurityGroupRuleId ?? '').localeCompare(b.SecurityGroupRuleId ?? ''));
}

/** What a rule allows, without its id: to compare rules across ids. */
export function shapeOf(rule: SecurityGroupRule): string {
  const peer = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ??
    rule.ReferencedGroupInfo?.GroupId;
  const way = rule.IsEgress ? 'egress' : 'ingress';
  return `${way} ${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} ` +
    `${peer} ${rule.Description ?? ''}`.trimEnd();
}

/** The ids of the groups an interface carries now, in its order. */
export async function groupsOfInterface(
  ec2: EC2Client,
  networkInterfaceId: string,
): Promise<string[]> {
  const output = await ec2.send(new DescribeNetworkInterfacesCommand({
    NetworkInterfaceIds: [networkInterfaceId],
  }));
  const eni = output.NetworkInterfaces?.[0];
  return (eni?.Groups ?? []).map((group) => group.GroupId ?? '');
}

/** A new network interface carrying `groupIds`. */
export async function createInterface(
  ec2: EC2Client,
  eni: { subnetId: string; groupIds: string[]; tags?: Record<string, string> },
): Promise<string> {
  const output = await ec2.send(new CreateNetworkInterfaceCommand({
    SubnetId: eni.subnetId,
    Groups: eni.groupIds,
    TagSpecifications: tagSpec('network-interface', eni.tags),
  }));
  return required(output.NetworkInterface?.NetworkInterfaceId,
    'NetworkInterfaceId');
}

/** A new customer-managed IPv4 prefix list's id. */
export async function createPrefixList(
  ec2: EC2Client,
  list: { name: string; cidrs: string[] },
): Promise<string> {
  const output = await ec2.send(new CreateManagedPrefixListCommand({
    PrefixListName: list.name,
    AddressFamily: 'IPv4',
    MaxEntries: Math.max(list.cidrs.length, 1),
    Entries: list.cidrs.map((cidr) => ({ Cidr: cidr })),
  }));
  return required(output.PrefixList?.PrefixListId, 'PrefixListId');
}

/** A VPC with one subnet. */
export async function createNetwork(
  ec2: EC2Client,
): Promise<{ vpcId: string; subnetId: string }> {
  const vpcId = await createVpc(ec2);
  return { vpcId, subnetId: await createSubnet(ec2, vpcId) };
}

function tagSpec<R extends string>(
  resourceType: R,
  tags: Record<string, string> | undefined,
): { ResourceType: R; Tags: Tag[] }[] | undefined {
  if (!tags) return undefined;
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return [{ ResourceType: resourceType, Tags: list }];
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`the emulator returned no ${what}`);
  return value;
}
