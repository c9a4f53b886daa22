import type { SecurityGroup, SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../shared/snapshot/types.ts';

// A synthetic account bound to the example profiles: mostly clean groups
// with a little drift, shaped as describe-security-group-rules prints it.
// The groups come without IpPermissions: the engine reads rules (and
// their ids) from SecurityGroupRules, and the grouped shape would only
// repeat them.

const BINDINGS = [
  'prod-network,broker', 'prod-network,client', 'prod-network,agent',
  'prod-network,broker,pci', 'prod-network,client,hipaa',
  'staging-network,broker', 'staging-network,client',
  'staging-network,agent,hipaa',
];

const hex = (n: number, width: number) =>
  n.toString(16).padStart(width, '0');

/**
 * A string as a parsed AWS response or snapshot file holds it: flat, and
 * one per value. V8 keeps a concatenation of 13 characters or more as a
 * rope (its parts and a node joining them, 30-90 bytes more per value),
 * which no AWS read or JSON file gives; `join` makes a flat string.
 */
const flat = (...parts: (string | number)[]) => parts.join('');

const groupId = (i: number) => flat('sg-', hex(i, 17));

interface Builder {
  rules: SecurityGroupRule[];
  /** The group's number; each rule gets its own copy of the id. */
  group: number;
  count: number;
  next: () => string;
}

/** What a rule's peer is, before it becomes the entry's own strings. */
type PeerSpec =
  | { cidr: (string | number)[] }
  | { cidr6: string }
  | { group: number };

function add(
  b: Builder,
  egress: boolean,
  protocol: string,
  from: number,
  to: number,
  peer: PeerSpec,
): void {
  const rule: SecurityGroupRule = {
    SecurityGroupRuleId: b.next(), GroupId: groupId(b.group),
    IsEgress: egress, IpProtocol: protocol, FromPort: from, ToPort: to,
  };
  if ('cidr' in peer) rule.CidrIpv4 = flat(...peer.cidr);
  else if ('cidr6' in peer) rule.CidrIpv6 = flat(peer.cidr6);
  else rule.ReferencedGroupInfo = { GroupId: groupId(peer.group) };
  b.rules.push(rule);
  b.count += 1;
}

const TIERS = {
  prod: { vpc: 10, ssh: '10.50.250.0/28', resolver: '10.10.0.2/32' },
  staging: { vpc: 20, ssh: '10.200.16.0/20', resolver: '10.20.0.2/32' },
};

function tierRules(b: Builder, i: number, tier: 'prod' | 'staging'): void {
  const t = TIERS[tier];
  for (let n = 0; n < 20; n += 1) {
    add(b, false, 'tcp', 443, 443, { cidr: ['10.', t.vpc, '.', n, '.0/24'] });
    add(b, true, 'tcp', 443, 443,
      { cidr: ['10.', t.vpc, '.', (i + n) % 256, '.7/32'] });
  }
  add(b, false, 'tcp', 22, 22, { cidr: [t.ssh] });
  add(b, true, 'udp', 53, 53, { cidr: [t.resolver] });
  if (tier === 'prod') {
    add(b, false, 'tcp', 9100, 9100, { cidr: ['10.50.8.0/24'] });
    add(b, false, 'icmp', 8, -1, { cidr: ['10.50.8.0/24'] });
    add(b, true, 'udp', 123, 123, { cidr: ['169.254.169.123/32'] });
  }
}

function roleRules(b: Builder, binding: string, peers: Peers): void {
  if (binding.includes('broker')) {
    for (const client of peers.clients) {
      add(b, false, 'tcp', 9092, 9093, { group: client });
    }
    add(b, false, 'tcp', 9092, 9093, { group: b.group });
  }
  if (binding.includes('client')) {
    for (const broker of peers.brokers) {
      add(b, true, 'tcp', 9092, 9093, { group: broker });
    }
  }
  if (binding.includes('agent')) {
    add(b, true, 'tcp', 443, 443, { cidr: ['203.0.113.0/24'] });
    add(b, true, 'tcp', 443, 443, { cidr: ['198.51.100.64/26'] });
    add(b, true, 'tcp', 443, 443, { cidr6: '2001:db8:c0::/56' });
  }
}

// About one group in twenty drifts: world-open SSH, a stray port.
function drift(b: Builder, i: number, vpc: number): void {
  if (i % 20 === 0) add(b, false, 'tcp', 22, 22, { cidr: ['0.0.0.0/0'] });
  if (i % 30 === 0) {
    add(b, false, 'tcp', 8080, 8080, { cidr: ['10.', vpc, '.3.0/24'] });
  }
}

function fill(b: Builder, i: number, vpc: number): void {
  for (let n = 20; b.count < 60; n += 1) {
    add(b, true, 'tcp', 443, 443,
      { cidr: ['10.', vpc, '.', n, '.', i % 256, '/32'] });
  }
}

interface Peers {
  clients: number[];
  brokers: number[];
}

function interfaceOf(i: number) {
  const prod = BINDINGS[i % BINDINGS.length]!.startsWith('prod');
  return {
    NetworkInterfaceId: flat('eni-', hex(i, 17)),
    Groups: [{ GroupId: groupId(i) }],
    TagSet: [{ Key: 'env', Value: prod ? 'prod' : 'staging' }],
  };
}

/** An account of `count` groups with 60 rules each (and one interface). */
export function syntheticAccount(count: number): Snapshot {
  const groups: SecurityGroup[] = [];
  const rules: SecurityGroupRule[] = [];
  let ruleNo = 0;
  const next = () => flat('sgr-', hex(ruleNo++, 17));
  const numbers = Array.from({ length: count }, (_, i) => i);
  const having = (role: string) => numbers.filter((i) =>
    BINDINGS[i % BINDINGS.length]!.includes(role)).slice(0, 8);
  const peers = { clients: having('client'), brokers: having('broker') };
  for (let i = 0; i < count; i += 1) {
    const binding = BINDINGS[i % BINDINGS.length]!;
    groups.push({
      GroupId: groupId(i), GroupName: flat('group-', i),
      VpcId: 'vpc-0000000000000001', OwnerId: '111122223333',
      Tags: [{ Key: 'driftguard:profiles', Value: binding }],
    });
    const b: Builder = { rules, group: i, count: 0, next };
    const tier = binding.startsWith('prod') ? 'prod' : 'staging';
    tierRules(b, i, tier);
    roleRules(b, binding, peers);
    drift(b, i, TIERS[tier].vpc);
    fill(b, i, TIERS[tier].vpc);
  }
  return {
    Account: '111122223333', Region: 'eu-west-1', SecurityGroups: groups,
    SecurityGroupRules: rules, NetworkInterfaces: numbers.map(interfaceOf),
  };
}
