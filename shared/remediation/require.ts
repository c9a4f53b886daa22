import type { IpPermission, UserIdGroupPair } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/context.ts';
import type { IntentRule } from '../profiles/types.ts';
import {
  ALL_PROTOCOLS,
  fullRange,
  hasPorts,
  isIcmp,
  protocolName,
  type CidrBlock,
} from '../rules/index.ts';

/** EC2's spelling of a protocol: a name where it has one, `-1` for all. */
function ipProtocol(protocol: number): string {
  return protocol === ALL_PROTOCOLS ? '-1' : protocolName(protocol);
}

function ports(require: IntentRule): Partial<IpPermission> {
  if (hasPorts(require.protocol)) {
    return { FromPort: require.ports.from, ToPort: require.ports.to };
  }
  if (isIcmp(require.protocol)) {
    const all = fullRange(require.protocol);
    const single = require.ports.from === require.ports.to;
    const type = single && require.ports.from !== all.from
      ? require.ports.from
      : -1;
    return { FromPort: single ? require.ports.from : type, ToPort: -1 };
  }
  return {};
}

/** Groups of the VPC whose binding names the profile. */
function carriers(
  index: SnapshotIndex,
  profile: string,
  vpcId: string | undefined,
): string[] {
  return [...index.groups.values()]
    .filter((v) => v.binding.includes(profile) &&
      (vpcId === undefined || v.group.VpcId === vpcId))
    .map((v) => v.id)
    .sort();
}

/**
 * The permission that puts back a require, for the parts of it that are
 * missing (the uncovered members of a CIDR set), or undefined when the
 * require names a peer no group of the snapshot can stand for. A
 * `{ profile }` peer is authorized as a reference to every group of the
 * VPC that carries the profile.
 */
export function permissionForRequire(
  require: IntentRule,
  missing: readonly CidrBlock[] | undefined,
  groupId: string,
  index: SnapshotIndex,
): IpPermission | undefined {
  const permission: IpPermission = {
    IpProtocol: ipProtocol(require.protocol),
    ...ports(require),
  };
  const Description = `driftguard: ${require.profile}/${require.id}`;
  const peer = require.peer;
  const vpcId = index.groups.get(groupId)?.group.VpcId;
  const pairs = (ids: string[]): UserIdGroupPair[] =>
    ids.map((id) => ({ GroupId: id, Description }));
  switch (peer.kind) {
    case 'cidr': {
      const blocks = missing ?? peer.blocks;
      const v4 = blocks.filter((b) => b.family === 4);
      const v6 = blocks.filter((b) => b.family === 6);
      if (v4.length) {
        permission.IpRanges = v4.map((b) => ({ CidrIp: b.text, Description }));
      }
      if (v6.length) {
        permission.Ipv6Ranges = v6.map((b) =>
          ({ CidrIpv6: b.text, Description }));
      }
      return blocks.length ? permission : undefined;
    }
    case 'prefixList': {
      const ids = [...index.prefixListIds(peer.ref)].sort();
      if (!ids.length) return undefined;
      permission.PrefixListIds = ids.map((id) =>
        ({ PrefixListId: id, Description }));
      return permission;
    }
    case 'self':
      permission.UserIdGroupPairs = pairs([groupId]);
      return permission;
    case 'group':
      permission.UserIdGroupPairs = pairs([peer.groupId]);
      return permission;
    case 'profile': {
      const ids = carriers(index, peer.profile, vpcId);
      if (!ids.length) return undefined;
      permission.UserIdGroupPairs = pairs(ids);
      return permission;
    }
    default:
      return undefined;
  }
}
