import * as z from 'zod';
import {
  evenIfFieldsFail,
  id,
  itemSet,
  port,
  protocol,
  record,
  text,
} from './fields.ts';
import type { Permission, PermissionPeer } from './types.ts';

// The three shapes a permission takes in CloudTrail requests, each read
// into a Permission: `ipPermissions.items[]` (lowerCamelCase, empty sets
// written `{}`), the flat form older SDKs send (`cidrIp`, `ipProtocol`,
// `fromPort`, `toPort` beside `groupId`), and the PascalCase rules of a
// `ModifySecurityGroupRulesRequest`.

const description = text.optional();

/** Drops undefined members, so results compare and print cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value)
    .filter(([, v]) => v !== undefined)) as T;
}

const ipRange = record({ cidrIp: text, description })
  .transform((r): PermissionPeer =>
    compact({ kind: 'cidr', cidr: r.cidrIp, description: r.description }));

const ipv6Range = record({ cidrIpv6: text, description })
  .transform((r): PermissionPeer =>
    compact({ kind: 'cidr', cidr: r.cidrIpv6, description: r.description }));

const prefixListId = record({ prefixListId: id('pl-'), description })
  .transform((r): PermissionPeer => compact({
    kind: 'prefixList',
    prefixListId: r.prefixListId,
    description: r.description,
  }));

const groupPair = record({
  groupId: id('sg-').optional(),
  groupName: text.optional(),
  userId: text.optional(),
  description,
}).refine((g) => g.groupId !== undefined || g.groupName !== undefined, {
  error: 'names no group: expected groupId or groupName',
  ...evenIfFieldsFail,
}).transform((g): PermissionPeer => compact({ kind: 'group', ...g }));

/** One `ipPermissions.items[]` entry. */
export const ipPermission = record({
  ipProtocol: protocol.optional(),
  fromPort: port.optional(),
  toPort: port.optional(),
  ipRanges: itemSet(ipRange).optional(),
  ipv6Ranges: itemSet(ipv6Range).optional(),
  prefixListIds: itemSet(prefixListId).optional(),
  groups: itemSet(groupPair).optional(),
}).transform((p): Permission => compact({
  protocol: p.ipProtocol,
  fromPort: p.fromPort,
  toPort: p.toPort,
  peers: [
    ...p.ipRanges ?? [],
    ...p.ipv6Ranges ?? [],
    ...p.prefixListIds ?? [],
    ...p.groups ?? [],
  ],
}));

/** The keys of the flat form, read beside the rest of a request. */
export const flatPermissionShape = {
  ipProtocol: protocol.optional(),
  fromPort: port.optional(),
  toPort: port.optional(),
  cidrIp: text.optional(),
  sourceSecurityGroupName: text.optional(),
  sourceSecurityGroupOwnerId: text.optional(),
};

type FlatFields = {
  [K in keyof typeof flatPermissionShape]?:
    z.output<(typeof flatPermissionShape)[K]>;
};

/**
 * The flat form's permission, when a request (read with the flat keys)
 * uses that form.
 */
export function flatPermission(fields: FlatFields): Permission | undefined {
  const { cidrIp, sourceSecurityGroupName: groupName } = fields;
  const used = Object.keys(flatPermissionShape)
    .some((key) => fields[key as keyof FlatFields] !== undefined);
  if (!used) return undefined;
  const peers: PermissionPeer[] = [];
  if (cidrIp !== undefined) peers.push({ kind: 'cidr', cidr: cidrIp });
  if (groupName !== undefined) {
    peers.push(compact({
      kind: 'group',
      groupName,
      userId: fields.sourceSecurityGroupOwnerId,
    }));
  }
  return compact({
    protocol: fields.ipProtocol,
    fromPort: fields.fromPort,
    toPort: fields.toPort,
    peers,
  });
}

const modifiedRule = record({
  IpProtocol: protocol.optional(),
  FromPort: port.optional(),
  ToPort: port.optional(),
  CidrIpv4: text.optional(),
  CidrIpv6: text.optional(),
  PrefixListId: id('pl-').optional(),
  ReferencedGroupId: id('sg-').optional(),
  Description: text.optional(),
});

function modifiedPeers(rule: z.output<typeof modifiedRule>): PermissionPeer[] {
  const peers: PermissionPeer[] = [];
  if (rule.CidrIpv4) peers.push({ kind: 'cidr', cidr: rule.CidrIpv4 });
  if (rule.CidrIpv6) peers.push({ kind: 'cidr', cidr: rule.CidrIpv6 });
  if (rule.PrefixListId) {
    peers.push({ kind: 'prefixList', prefixListId: rule.PrefixListId });
  }
  if (rule.ReferencedGroupId) {
    peers.push({ kind: 'group', groupId: rule.ReferencedGroupId });
  }
  return peers;
}

/** One `SecurityGroupRule` of a `ModifySecurityGroupRulesRequest`. */
export const modifyEntry = record({
  SecurityGroupRuleId: id('sgr-'),
  SecurityGroupRule: modifiedRule.optional(),
}).transform((entry): Permission => {
  const rule = entry.SecurityGroupRule ?? {};
  return compact({
    protocol: rule.IpProtocol,
    fromPort: rule.FromPort,
    toPort: rule.ToPort,
    peers: modifiedPeers(rule),
    ruleId: entry.SecurityGroupRuleId,
    description: rule.Description,
  });
});
