import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';

/** The demo account: a prod Kafka cluster, its clients, a PCI service. */
export interface DemoWorld {
  vpcId: string;
  subnetId: string;
  broker: string;
  client: string;
  pci: string;
  wizard: string;
  kafkaRule: string;
  pciInterface: string;
}

const BINDING = 'driftguard:profiles';

async function group(
  ec2: EC2Client,
  vpcId: string,
  name: string,
  binding?: string,
): Promise<string> {
  const out = await ec2.send(new CreateSecurityGroupCommand({
    VpcId: vpcId, GroupName: name, Description: `demo ${name}`,
    TagSpecifications: binding ? [{ ResourceType: 'security-group',
      Tags: [{ Key: BINDING, Value: binding }] }] : undefined,
  }));
  const id = out.GroupId ?? '';
  // EC2 opens every new group's egress to the world; prod forbids that.
  const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({
    Filters: [{ Name: 'group-id', Values: [id] }] }));
  const open = (rules.SecurityGroupRules ?? []).filter((r) => r.IsEgress)
    .map((r) => r.SecurityGroupRuleId ?? '');
  if (open.length) {
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id,
      SecurityGroupRuleIds: open }));
  }
  return id;
}

async function allow(
  ec2: EC2Client,
  groupId: string,
  egress: boolean,
  permission: IpPermission,
): Promise<string> {
  const input = { GroupId: groupId, IpPermissions: [permission] };
  const out = egress
    ? await ec2.send(new AuthorizeSecurityGroupEgressCommand(input))
    : await ec2.send(new AuthorizeSecurityGroupIngressCommand(input));
  return out.SecurityGroupRules?.[0]?.SecurityGroupRuleId ?? '';
}

const kafka = (groupId: string): IpPermission => ({ IpProtocol: 'tcp',
  FromPort: 9092, ToPort: 9093, UserIdGroupPairs: [{ GroupId: groupId }] });

/**
 * Creates the demo account in the emulator, true to the example profiles:
 * brokers reached by clients, clients reaching brokers, a PCI client on an
 * interface (it may reach the brokers; they have not opened to it yet),
 * and a wizard-made group nobody bound.
 */
export async function createWorld(ec2: EC2Client): Promise<DemoWorld> {
  const vpc = await ec2.send(new CreateVpcCommand({
    CidrBlock: '10.10.0.0/16' }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId,
    CidrBlock: '10.10.1.0/24' }));
  const subnetId = subnet.Subnet?.SubnetId ?? '';
  const broker = await group(ec2, vpcId, 'orders-brokers',
    'prod-network, broker');
  const client = await group(ec2, vpcId, 'orders-client',
    'prod-network, client');
  const pci = await group(ec2, vpcId, 'card-vault',
    'prod-network, client, pci');
  const wizard = await group(ec2, vpcId, 'launch-wizard-1');
  const kafkaRule = await allow(ec2, broker, false, kafka(client));
  await allow(ec2, broker, false, kafka(broker));
  await allow(ec2, broker, true, kafka(broker));
  await allow(ec2, client, true, kafka(broker));
  await allow(ec2, pci, true, kafka(broker));
  const eni = await ec2.send(new CreateNetworkInterfaceCommand({
    SubnetId: subnetId, Groups: [pci], TagSpecifications: [{
      ResourceType: 'network-interface',
      Tags: [{ Key: 'env', Value: 'prod' }] }] }));
  return { vpcId, subnetId, broker, client, pci, wizard, kafkaRule,
    pciInterface: eni.NetworkInterface?.NetworkInterfaceId ?? '' };
}
