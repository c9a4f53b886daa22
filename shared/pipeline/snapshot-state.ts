import type { Change } from '../events/index.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { ChangeState } from './read.ts';

/**
 * The state of a change taken from a snapshot instead of a live account:
 * what `driftguard simulate` judges. Groups named by name resolve within
 * the snapshot; interfaces and instances the change names bring the
 * groups they carry.
 */
export function stateFromSnapshot(
  change: Change,
  snapshot: Snapshot,
): ChangeState {
  const groups = snapshot.SecurityGroups;
  // Known shortcoming: the event path resolves a name given without a VPC
  // in the region's default VPC only, but a snapshot does not say which
  // VPC is the default, so here such a name matches it in every VPC.
  const byName = change.groupNames.flatMap((n) => groups
    .filter((g) => g.GroupName === n.name &&
      (n.vpcId === undefined || g.VpcId === n.vpcId))
    .map((g) => g.GroupId ?? ''));
  const enis = (snapshot.NetworkInterfaces ?? []).filter((e) =>
    change.networkInterfaceIds.includes(e.NetworkInterfaceId ?? '') ||
    change.instanceIds.includes(e.Attachment?.InstanceId ?? ''));
  const carried = enis.flatMap((e) => (e.Groups ?? [])
    .map((g) => g.GroupId ?? ''));
  const asked = [...new Set([...change.groupIds, ...byName])];
  const targets = asked.length ? asked : [...new Set(carried)];
  const present = new Set(groups.map((g) => g.GroupId));
  return {
    snapshot,
    groupIds: targets.filter((id) => present.has(id)).sort(),
    deleted: targets.filter((id) => !present.has(id)).sort(),
  };
}
