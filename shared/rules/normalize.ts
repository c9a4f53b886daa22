import type {
  IpPermission,
  SecurityGroup,
  SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { MAX_CACHED_BLOCKS, parseCidr } from './cidr.ts';
import {
  ALL_ICMP,
  ALL_PORTS,
  ALL_PROTOCOLS,
  hasPorts,
  isIcmp,
  protocolNumber,
} from './protocol.ts';
import type { Direction, Peer, PortRange, Rule } from './types.ts';

/** A permission EC2 returned that cannot be read, with where it was. */
export class RuleShapeError extends Error {
  override name = 'RuleShapeError';
  readonly path: string;
  /** What is wrong, without the path. */
  readonly detail: string;

  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.path = path;
    this.detail = detail;
  }
}

interface Shape {
  groupId: string;
  direction: Direction;
  protocol: number;
  ports: PortRange;
  icmpCodes: PortRange | undefined;
}

/**
 * The identity of a rule: everything but its group, id and description.
 * Two rules with the same key carry the same traffic to the same peer.
 */
export function ruleKey(rule: Rule): string {
  const { direction, protocol, ports, icmpCodes, peer } = rule;
  const codes = icmpCodes ? `/${icmpCodes.from}-${icmpCodes.to}` : '';
  return `${direction}|${protocol}|${ports.from}-${ports.to}${codes}|` +
    peerKey(peer);
}

/** A stable text for a peer: the same address block gives the same key. */
export function peerKey(peer: Peer): string {
  switch (peer.kind) {
    case 'cidr':
      return `cidr${peer.block.family}:${peer.block.first}/` +
        `${peer.block.prefix}`;
    case 'prefixList':
      return `pl:${peer.id}`;
    case 'group':
      return `sg:${peer.groupId}`;
  }
}

// Every rule has the same fields in the same order (absent ones undefined),
// so the engine's hot loop sees one object shape.
function makeRule(
  shape: Shape,
  peer: Peer,
  ruleId: string | undefined,
  description: string | undefined,
): Rule {
  return {
    groupId: shape.groupId,
    direction: shape.direction,
    protocol: shape.protocol,
    ports: shape.ports,
    icmpCodes: shape.icmpCodes,
    peer,
    ruleId,
    description: description || undefined,
  };
}

// Port ranges repeat across rules; one object per range is enough.
const ranges = new Map<number, PortRange>();

function portRange(from: number, to: number): PortRange {
  const id = from * 65536 + to;
  let range = ranges.get(id);
  if (!range) {
    range = Object.freeze({ from, to });
    ranges.set(id, range);
  }
  return range;
}

function readShape(
  path: string,
  groupId: string,
  direction: Direction,
  ipProtocol: unknown,
  fromPort: unknown,
  toPort: unknown,
): Shape {
  const protocol = typeof ipProtocol === 'string' ||
      typeof ipProtocol === 'number'
    ? protocolNumber(ipProtocol)
    : undefined;
  if (protocol === undefined) {
    throw new RuleShapeError(
      `${path}.IpProtocol`,
      `expected tcp, udp, icmp, icmpv6, -1 or a protocol number, ` +
        `got ${JSON.stringify(ipProtocol)}`,
    );
  }
  const from = readPort(`${path}.FromPort`, fromPort);
  const to = readPort(`${path}.ToPort`, toPort);
  const shape: Shape = {
    groupId, direction, protocol, ports: ALL_PORTS, icmpCodes: undefined,
  };
  if (protocol === ALL_PROTOCOLS) return shape;
  if (isIcmp(protocol)) {
    shape.ports = from === -1 ? ALL_ICMP : portRange(from, from);
    shape.icmpCodes = to === -1 ? ALL_ICMP : portRange(to, to);
    return shape;
  }
  if (hasPorts(protocol) && from !== -1) {
    if (to < from) {
      throw new RuleShapeError(path, `FromPort ${from} is above ToPort ${to}`);
    }
    shape.ports = portRange(from, to);
  }
  return shape;
}

function readPort(path: string, value: unknown): number {
  if (value === undefined || value === null) return -1;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -1 || n > 65535) {
    throw new RuleShapeError(
      path,
      `expected a port from -1 to 65535, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

const cidrPeers = new Map<string, Peer>();

function cidrPeer(path: string, text: unknown): Peer {
  const key = String(text);
  const hit = cidrPeers.get(key);
  if (hit) return hit;
  try {
    const peer: Peer = { kind: 'cidr', block: parseCidr(key) };
    if (cidrPeers.size >= MAX_CACHED_BLOCKS) cidrPeers.clear();
    cidrPeers.set(key, peer);
    return peer;
  } catch (error) {
    throw new RuleShapeError(path, (error as Error).message, { cause: error });
  }
}

/**
 * The rules of one grouped permission (DescribeSecurityGroups'
 * `IpPermissions` or `IpPermissionsEgress`): one rule per peer.
 */
export function rulesOfPermission(
  groupId: string,
  direction: Direction,
  permission: IpPermission,
  path = 'IpPermissions',
): Rule[] {
  const shape = readShape(
    path, groupId, direction,
    permission.IpProtocol, permission.FromPort, permission.ToPort,
  );
  const rules: Rule[] = [];
  (permission.IpRanges ?? []).forEach((range, i) => {
    const peer = cidrPeer(`${path}.IpRanges[${i}].CidrIp`, range.CidrIp);
    rules.push(makeRule(shape, peer, undefined, range.Description));
  });
  (permission.Ipv6Ranges ?? []).forEach((range, i) => {
    const peer = cidrPeer(`${path}.Ipv6Ranges[${i}].CidrIpv6`, range.CidrIpv6);
    rules.push(makeRule(shape, peer, undefined, range.Description));
  });
  (permission.PrefixListIds ?? []).forEach((entry, i) => {
    const id = entry.PrefixListId;
    if (!id) {
      throw new RuleShapeError(`${path}.PrefixListIds[${i}]`,
        'no PrefixListId');
    }
    rules.push(makeRule(shape, { kind: 'prefixList', id }, undefined,
      entry.Description));
  });
  (permission.UserIdGroupPairs ?? []).forEach((pair, i) => {
    if (!pair.GroupId) {
      throw new RuleShapeError(`${path}.UserIdGroupPairs[${i}]`, 'no GroupId');
    }
    const peer: Peer = pair.UserId
      ? { kind: 'group', groupId: pair.GroupId, ownerId: pair.UserId }
      : { kind: 'group', groupId: pair.GroupId };
    rules.push(makeRule(shape, peer, undefined, pair.Description));
  });
  return rules;
}

/** All rules of a group as DescribeSecurityGroups returns it. */
export function rulesOfGroup(group: SecurityGroup, path = 'group'): Rule[] {
  const groupId = group.GroupId ?? '';
  const rules: Rule[] = [];
  (group.IpPermissions ?? []).forEach((p, i) => {
    rules.push(...rulesOfPermission(groupId, 'ingress', p,
      `${path}.IpPermissions[${i}]`));
  });
  (group.IpPermissionsEgress ?? []).forEach((p, i) => {
    rules.push(...rulesOfPermission(groupId, 'egress', p,
      `${path}.IpPermissionsEgress[${i}]`));
  });
  return rules;
}

/** One rule as DescribeSecurityGroupRules returns it, with its id. */
export function ruleOfSecurityGroupRule(
  entry: SecurityGroupRule,
  path = 'SecurityGroupRule',
): Rule {
  const groupId = entry.GroupId ?? '';
  const direction: Direction = entry.IsEgress ? 'egress' : 'ingress';
  const shape = readShape(
    path, groupId, direction, entry.IpProtocol, entry.FromPort, entry.ToPort,
  );
  return makeRule(shape, peerOfEntry(entry, path), entry.SecurityGroupRuleId,
    entry.Description);
}

function peerOfEntry(entry: SecurityGroupRule, path: string): Peer {
  if (entry.CidrIpv4) return cidrPeer(`${path}.CidrIpv4`, entry.CidrIpv4);
  if (entry.CidrIpv6) return cidrPeer(`${path}.CidrIpv6`, entry.CidrIpv6);
  if (entry.PrefixListId) return { kind: 'prefixList', id: entry.PrefixListId };
  const ref = entry.ReferencedGroupInfo;
  if (ref?.GroupId) {
    return ref.UserId
      ? { kind: 'group', groupId: ref.GroupId, ownerId: ref.UserId }
      : { kind: 'group', groupId: ref.GroupId };
  }
  throw new RuleShapeError(
    path,
    'names no peer (expected CidrIpv4, CidrIpv6, PrefixListId or ' +
      'ReferencedGroupInfo.GroupId)',
  );
}
