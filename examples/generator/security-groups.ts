import type { IpPermission, Tag } from '@aws-sdk/client-ec2';
import type {
  SecurityGroup,
  SecurityGroupRule,
} from '../../shared/snapshot/types.ts';
import type { GroupSpec } from './catalogue.ts';
import { awsId } from './ids.ts';
import { ACCOUNT, REGION, VPCS } from './network.ts';
import type { Peer, RuleSpec } from './rules.ts';
import { SELF } from './rules.ts';

export const BINDING_TAG_KEY = 'driftguard:profiles';

/** A group with its ids given out: rule ids run parallel to spec.rules. */
export interface BuiltGroup {
  spec: GroupSpec;
  id: string;
  ruleIds: string[];
}

/** Group ids by VPC and name; names are unique within a VPC. */
export type GroupIds = Map<string, string>;

const groupKey = (vpc: string, name: string) => `${vpc}/${name}`;

export function groupId(spec: Pick<GroupSpec, 'vpc' | 'name'>): string {
  return awsId('sg', spec.vpc, spec.name);
}

/** The peer as AWS names it: a CIDR, a prefix list id or a group pair. */
type ResolvedPeer =
  | { kind: 'ipv4'; value: string }
  | { kind: 'ipv6'; value: string }
  | { kind: 'prefixList'; value: string }
  | {
      kind: 'group';
      value: string;
      userId: string;
      peering?: { id: string; vpc: string };
    };

function resolvePeer(peer: Peer, self: GroupSpec, ids: GroupIds) {
  if ('cidr' in peer) {
    const kind = peer.cidr.includes(':') ? 'ipv6' : 'ipv4';
    return { kind, value: peer.cidr } as ResolvedPeer;
  }
  if ('prefixList' in peer) {
    return { kind: 'prefixList', value: peer.prefixList } as ResolvedPeer;
  }
  if ('foreignGroup' in peer) {
    const peering = { id: peer.peering, vpc: peer.vpc };
    const { foreignGroup: value, account: userId } = peer;
    return { kind: 'group', value, userId, peering } as ResolvedPeer;
  }
  const name = peer.group === SELF ? self.name : peer.group;
  const value = ids.get(groupKey(self.vpc, name));
  if (!value) throw new Error(`${self.name}: no group ${name} in ${self.vpc}`);
  return { kind: 'group', value, userId: ACCOUNT } as ResolvedPeer;
}

function ruleId(groupIdValue: string, rule: RuleSpec, peer: ResolvedPeer) {
  const { from = 'none', to = 'none' } = rule.ports ?? {};
  const direction = rule.egress ? 'egress' : 'ingress';
  const ports = [String(from), String(to)];
  return awsId('sgr', groupIdValue, direction, rule.protocol, ...ports,
    peer.value);
}

function emptyPermission(rule: RuleSpec): IpPermission {
  const ports = rule.protocol === 'tcp' || rule.protocol === 'udp' ||
    rule.protocol === 'icmp';
  return {
    IpProtocol: rule.protocol,
    ...(ports && { FromPort: rule.ports?.from, ToPort: rule.ports?.to }),
    UserIdGroupPairs: [],
    IpRanges: [],
    Ipv6Ranges: [],
    PrefixListIds: [],
  };
}

const described = (description?: string) =>
  description === undefined ? {} : { Description: description };

function addPeer(target: IpPermission, rule: RuleSpec, peer: ResolvedPeer) {
  const note = described(rule.description);
  if (peer.kind === 'ipv4') {
    target.IpRanges?.push({ CidrIp: peer.value, ...note });
  }
  if (peer.kind === 'ipv6') {
    target.Ipv6Ranges?.push({ CidrIpv6: peer.value, ...note });
  }
  if (peer.kind === 'prefixList') {
    target.PrefixListIds?.push({ PrefixListId: peer.value, ...note });
  }
  if (peer.kind !== 'group') return;
  target.UserIdGroupPairs?.push({
    ...note,
    UserId: peer.userId,
    GroupId: peer.value,
    ...(peer.peering && {
      VpcId: peer.peering.vpc,
      VpcPeeringConnectionId: peer.peering.id,
      PeeringStatus: 'active',
    }),
  });
}

/** AWS groups permissions by protocol and port range, then lists peers. */
function permissions(rules: [RuleSpec, ResolvedPeer][]): IpPermission[] {
  const byTraffic = new Map<string, IpPermission>();
  for (const [rule, peer] of rules) {
    const key = [rule.protocol, rule.ports?.from, rule.ports?.to].join(' ');
    const permission = byTraffic.get(key) ?? emptyPermission(rule);
    byTraffic.set(key, permission);
    addPeer(permission, rule, peer);
  }
  return [...byTraffic.values()];
}

function peerFields(peer: ResolvedPeer): Partial<SecurityGroupRule> {
  if (peer.kind === 'ipv4') return { CidrIpv4: peer.value };
  if (peer.kind === 'ipv6') return { CidrIpv6: peer.value };
  if (peer.kind === 'prefixList') return { PrefixListId: peer.value };
  const info = { GroupId: peer.value, UserId: peer.userId };
  if (!peer.peering) return { ReferencedGroupInfo: info };
  return {
    ReferencedGroupInfo: {
      ...info,
      VpcId: peer.peering.vpc,
      VpcPeeringConnectionId: peer.peering.id,
      PeeringStatus: 'active',
    },
  };
}

function securityGroupRule(
  group: string,
  id: string,
  rule: RuleSpec,
  peer: ResolvedPeer,
): SecurityGroupRule {
  return {
    SecurityGroupRuleId: id,
    GroupId: group,
    GroupOwnerId: ACCOUNT,
    IsEgress: rule.egress,
    IpProtocol: rule.protocol,
    FromPort: rule.ports?.from ?? -1,
    ToPort: rule.ports?.to ?? -1,
    ...peerFields(peer),
    ...described(rule.description),
    Tags: [],
    SecurityGroupRuleArn:
      `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group-rule/${id}`,
  };
}

function tags(spec: GroupSpec): Tag[] {
  const bound = spec.binding === undefined
    ? []
    : [{ Key: BINDING_TAG_KEY, Value: spec.binding }];
  const team = spec.team === undefined
    ? []
    : [{ Key: 'team', Value: spec.team }];
  return [...bound, ...team];
}

export interface BuiltGroups {
  groups: SecurityGroup[];
  rules: SecurityGroupRule[];
  index: BuiltGroup[];
}

/** Gives every group and rule its id and writes them as AWS does. */
export function buildGroups(specs: GroupSpec[]): BuiltGroups {
  const ids: GroupIds = new Map(
    specs.map((spec) => [groupKey(spec.vpc, spec.name), groupId(spec)]),
  );
  const built: BuiltGroups = { groups: [], rules: [], index: [] };

  for (const spec of specs) {
    const id = groupId(spec);
    const resolved = spec.rules.map(
      (rule) => [rule, resolvePeer(rule.peer, spec, ids)] as const,
    );
    const ruleIds = resolved.map(([rule, peer]) => ruleId(id, rule, peer));
    const direction = (egress: boolean) =>
      resolved.filter(([rule]) => rule.egress === egress)
        .map(([rule, peer]) => [rule, peer] as [RuleSpec, ResolvedPeer]);
    const groupTags = tags(spec);

    built.groups.push({
      GroupId: id,
      GroupName: spec.name,
      Description: spec.description,
      OwnerId: ACCOUNT,
      VpcId: VPCS[spec.vpc].id,
      SecurityGroupArn:
        `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
      IpPermissions: permissions(direction(false)),
      IpPermissionsEgress: permissions(direction(true)),
      ...(groupTags.length > 0 && { Tags: groupTags }),
    });
    resolved.forEach(([rule, peer], at) => {
      built.rules.push(securityGroupRule(id, ruleIds[at]!, rule, peer));
    });
    built.index.push({ spec, id, ruleIds });
  }
  return built;
}
