import type {
  IpPermission,
  SecurityGroupRule,
  SecurityGroupRuleRequest,
  UserIdGroupPair,
} from '@aws-sdk/client-ec2';

/** The group and direction a permission is authorized in. */
export interface PermissionPlace {
  groupId: string;
  isEgress: boolean;
}

/**
 * The permission that authorizes exactly `rule` again: its protocol and
 * ports as DescribeSecurityGroupRules gave them (-1 included, which EC2
 * accepts for every protocol), its one peer, and its description.
 */
export function permissionOf(rule: SecurityGroupRule): IpPermission {
  const permission: IpPermission = { IpProtocol: rule.IpProtocol };
  if (rule.FromPort !== undefined) permission.FromPort = rule.FromPort;
  if (rule.ToPort !== undefined) permission.ToPort = rule.ToPort;
  const described = rule.Description ? { Description: rule.Description } : {};

  if (rule.CidrIpv4 !== undefined) {
    permission.IpRanges = [{ CidrIp: rule.CidrIpv4, ...described }];
  } else if (rule.CidrIpv6 !== undefined) {
    permission.Ipv6Ranges = [{ CidrIpv6: rule.CidrIpv6, ...described }];
  } else if (rule.PrefixListId !== undefined) {
    permission.PrefixListIds = [
      { PrefixListId: rule.PrefixListId, ...described },
    ];
  } else if (rule.ReferencedGroupInfo?.GroupId !== undefined) {
    permission.UserIdGroupPairs = [{ ...pairOf(rule), ...described }];
  } else {
    throw new Error(`rule ${rule.SecurityGroupRuleId} names no peer`);
  }
  return permission;
}

/**
 * The rules a permission makes, one per peer, in the shape
 * DescribeSecurityGroupRules returns (without the ids EC2 gives them).
 */
export function rulesOf(
  permission: IpPermission,
  place: PermissionPlace,
): SecurityGroupRule[] {
  return splitPermission(permission).map((single) => ({
    GroupId: place.groupId,
    IsEgress: place.isEgress,
    IpProtocol: single.IpProtocol,
    ...ports(single),
    ...peerOf(single),
  }));
}

/** One permission per peer: EC2 makes one rule of each. */
export function splitPermission(permission: IpPermission): IpPermission[] {
  const { IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs, ...rest } =
    permission;
  return [
    ...(IpRanges ?? []).map((range) => ({ ...rest, IpRanges: [range] })),
    ...(Ipv6Ranges ?? []).map((range) => ({ ...rest, Ipv6Ranges: [range] })),
    ...(PrefixListIds ?? []).map((id) => ({ ...rest, PrefixListIds: [id] })),
    ...(UserIdGroupPairs ?? []).map((pair) => ({
      ...rest, UserIdGroupPairs: [pair],
    })),
  ];
}

/**
 * What ModifySecurityGroupRules needs to make a rule look like `rule`:
 * protocol, ports, its peer and description.
 */
export function requestOf(rule: SecurityGroupRule): SecurityGroupRuleRequest {
  const request: SecurityGroupRuleRequest = {
    IpProtocol: rule.IpProtocol,
    FromPort: rule.FromPort ?? -1,
    ToPort: rule.ToPort ?? -1,
  };
  if (rule.CidrIpv4 !== undefined) request.CidrIpv4 = rule.CidrIpv4;
  if (rule.CidrIpv6 !== undefined) request.CidrIpv6 = rule.CidrIpv6;
  if (rule.PrefixListId !== undefined) request.PrefixListId = rule.PrefixListId;
  const group = rule.ReferencedGroupInfo?.GroupId;
  if (group !== undefined) request.ReferencedGroupId = group;
  if (rule.Description !== undefined) request.Description = rule.Description;
  return request;
}

/** A one-line account of a rule: `ingress tcp 443 from 10.0.0.0/8`. */
export function describeRule(rule: SecurityGroupRule): string {
  const direction = rule.IsEgress ? 'egress' : 'ingress';
  const word = rule.IsEgress ? 'to' : 'from';
  const peer = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ??
    rule.ReferencedGroupInfo?.GroupId ?? '?';
  return `${direction} ${rule.IpProtocol}${portText(rule)} ${word} ${peer}`;
}

function portText(rule: SecurityGroupRule): string {
  const from = rule.FromPort ?? -1;
  const to = rule.ToPort ?? -1;
  if (ICMP.includes(rule.IpProtocol ?? '')) {
    if (from === -1) return '';
    return to === -1 ? ` type ${from}` : ` type ${from} code ${to}`;
  }
  if (from === -1 && to === -1) return '';
  return from === to ? ` ${from}` : ` ${from}-${to}`;
}

/** How EC2 and its callers spell ICMP and ICMPv6. */
const ICMP = ['icmp', 'icmpv6', '1', '58'];

function pairOf(rule: SecurityGroupRule): UserIdGroupPair {
  const ref = rule.ReferencedGroupInfo ?? {};
  const pair: UserIdGroupPair = { GroupId: ref.GroupId };
  if (ref.UserId !== undefined) pair.UserId = ref.UserId;
  if (ref.VpcId !== undefined) pair.VpcId = ref.VpcId;
  if (ref.VpcPeeringConnectionId !== undefined) {
    pair.VpcPeeringConnectionId = ref.VpcPeeringConnectionId;
  }
  return pair;
}

function ports(permission: IpPermission): Partial<SecurityGroupRule> {
  const found: Partial<SecurityGroupRule> = {};
  if (permission.FromPort !== undefined) found.FromPort = permission.FromPort;
  if (permission.ToPort !== undefined) found.ToPort = permission.ToPort;
  return found;
}

function peerOf(single: IpPermission): Partial<SecurityGroupRule> {
  const ip4 = single.IpRanges?.[0];
  if (ip4) return withDescription({ CidrIpv4: ip4.CidrIp }, ip4.Description);
  const ip6 = single.Ipv6Ranges?.[0];
  if (ip6) return withDescription({ CidrIpv6: ip6.CidrIpv6 }, ip6.Description);
  const list = single.PrefixListIds?.[0];
  if (list) {
    return withDescription({ PrefixListId: list.PrefixListId },
      list.Description);
  }
  const pair = single.UserIdGroupPairs?.[0] ?? {};
  const ref: NonNullable<SecurityGroupRule['ReferencedGroupInfo']> = {
    GroupId: pair.GroupId,
  };
  if (pair.UserId !== undefined) ref.UserId = pair.UserId;
  if (pair.VpcId !== undefined) ref.VpcId = pair.VpcId;
  if (pair.VpcPeeringConnectionId !== undefined) {
    ref.VpcPeeringConnectionId = pair.VpcPeeringConnectionId;
  }
  return withDescription({ ReferencedGroupInfo: ref }, pair.Description);
}

function withDescription(
  rule: Partial<SecurityGroupRule>,
  description: string | undefined,
): Partial<SecurityGroupRule> {
  if (description === undefined) return rule;
  return { ...rule, Description: description };
}
