import type { SecurityGroup, SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../shared/snapshot/types.ts';

// A synthetic account bound to the example profiles: mostly clean groups
// with a little drift, shaped as describe-security-group-rules prints it.

const BINDINGS = [
  'prod-network,broker', 'prod-network,client', 'prod-network,agent',
  'prod-network,broker,pci', 'prod-network,client,hipaa',
  'staging-network,broker', 'staging-network,client',
  'staging-network,agent,hipaa',
];

const hex = (n: number, width: number) =>
  n.toString(16).padStart(width, '0');

interface Builder {
  rules: SecurityGroupRule[];
  groupId: string;
  next: () => string;
}

function add(
  b: Builder,
  egress: boolean,
  protocol: string,
  from: number,
  to: number,
  peer: Partial<SecurityGroupRule>,
): void {
  b.rules.push({
    SecurityGroupRuleId: b.next(), GroupId: b.groupId, IsEgress: egress,
    IpProtocol: protocol, FromPort: from, ToPort: to, ...peer,
  });
}

const TIERS = {
  prod: { vpc: 10, ssh: '10.50.250.0/28', resolver: '10.10.0.2/32' },
  staging: { vpc: 20, ssh: '10.200.16.0/20', resolver: '10.20.0.2/32' },
};

function tierRules(b: Builder, i: number, tier: 'prod' | 'staging'): void {
  const t = TIERS[tier];
  for (let n = 0; n < 20; n += 1) {
    add(b, false, 'tcp', 443, 443, { CidrIpv4: `10.${t.vpc}.${n}.0/24` });
    add(b, true, 'tcp', 443, 443,
      { CidrIpv4: `10.${t.vpc}.${(i + n) % 256}.7/32` });
  }
  add(b, false, 'tcp', 22, 22, { CidrIpv4: t.ssh });
  add(b, true, 'udp', 53, 53, { CidrIpv4: t.resolver });
  if (tier === 'prod') {
    add(b, false, 'tcp', 9100, 9100, { CidrIpv4: '10.50.8.0/24' });
    add(b, false, 'icmp', 8, -1, { CidrIpv4: '10.50.8.0/24' });
    add(b, true, 'udp', 123, 123, { CidrIpv4: '169.254.169.123/32' });
  }
}

function roleRules(b: Builder, binding: string, peers: Peers): void {
  if (binding.includes('broker')) {
    for (const client of peers.clients) {
      add(b, false, 'tcp', 9092, 9093,
        { ReferencedGroupInfo: { GroupId: client } });
    }
    add(b, false, 'tcp', 9092, 9093,
      { ReferencedGroupInfo: { GroupId: b.groupId } });
  }
  if (binding.includes('client')) {
    for (const broker of peers.brokers) {
      add(b, true, 'tcp', 9092, 9093,
        { ReferencedGroupInfo: { GroupId: broker } });
    }
  }
  if (binding.includes('agent')) {
    add(b, true, 'tcp', 443, 443, { CidrIpv4: '203.0.113.0/24' });
    add(b, true, 'tcp', 443, 443, { CidrIpv4: '198.51.100.64/26' });
    add(b, true, 'tcp', 443, 443, { CidrIpv6: '2001:db8:c0::/56' });
  }
}

// About one group in twenty drifts: world-open SSH, a stray port.
function drift(b: Builder, i: number, vpc: number): void {
  if (i % 20 === 0) add(b, false, 'tcp', 22, 22, { CidrIpv4: '0.0.0.0/0' });
  if (i % 30 === 0) {
    add(b, false, 'tcp', 8080, 8080, { CidrIpv4: `10.${vpc}.3.0/24` });
  }
}

function fill(b: Builder, i: number, vpc: number): void {
  for (let n = 20; b.rules.length < 60; n += 1) {
    add(b, true, 'tcp', 443, 443, { CidrIpv4: `10.${vpc}.${n}.${i % 256}/32` });
  }
}

interface Peers {
  clients: string[];
  brokers: string[];
}

/** An account of `count` groups with 60 rules each (and one interface). */
export function syntheticAccount(count: number): Snapshot {
  const groups: SecurityGroup[] = [];
  const rules: SecurityGroupRule[] = [];
  let ruleNo = 0;
  const next = () => `sgr-${hex(ruleNo++, 17)}`;
  const ids = Array.from({ length: count }, (_, i) => `sg-${hex(i, 17)}`);
  const having = (role: string) => ids.filter((_, i) =>
    BINDINGS[i % BINDINGS.length]!.includes(role)).slice(0, 8);
  const peers = { clients: having('client'), brokers: having('broker') };
  for (let i = 0; i < count; i += 1) {
    const binding = BINDINGS[i % BINDINGS.length]!;
    groups.push({
      GroupId: ids[i], GroupName: `group-${i}`, VpcId: 'vpc-0000000000000001',
      OwnerId: '111122223333',
      Tags: [{ Key: 'driftguard:profiles', Value: binding }],
    });
    const b: Builder = { rules: [], groupId: ids[i]!, next };
    const tier = binding.startsWith('prod') ? 'prod' : 'staging';
    tierRules(b, i, tier);
    roleRules(b, binding, peers);
    drift(b, i, TIERS[tier].vpc);
    fill(b, i, TIERS[tier].vpc);
    rules.push(...b.rules);
  }
  const interfaces = ids.map((id, i) => ({
    NetworkInterfaceId: `eni-${hex(i, 17)}`,
    Groups: [{ GroupId: id }],
    TagSet: [{
      Key: 'env',
      Value: BINDINGS[i % BINDINGS.length]!.startsWith('prod')
        ? 'prod'
        : 'staging',
    }],
  }));
  return {
    Account: '111122223333', Region: 'eu-west-1', SecurityGroups: groups,
    SecurityGroupRules: rules, NetworkInterfaces: interfaces,
  };
}
