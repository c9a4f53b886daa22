import type { EC2Client, Filter } from '@aws-sdk/client-ec2';
import {
  describeGroups,
  describeInterfaces,
  describePrefixLists,
  describeRules,
  inBatches,
  resolveGroupNames,
  type DescribeScope,
} from '../aws/index.ts';
import type { Change } from '../events/index.ts';
import type {
  ManagedPrefixList,
  NetworkInterface,
  Snapshot,
} from '../snapshot/types.ts';

/** The state a change is judged on, and the groups it named that are gone. */
export interface ChangeState {
  snapshot: Snapshot;
  /** The changed groups that exist: the ones judged. */
  groupIds: string[];
  /** Groups (and interfaces) the change named that no longer exist. */
  deleted: string[];
}

// Managed prefix lists barely change; one read per account-region and
// quarter hour keeps them off the event path's read budget.
const PREFIX_LIST_TTL_MS = 15 * 60_000;
const prefixCache =
  new Map<string, { at: number; lists: ManagedPrefixList[] }>();

async function prefixLists(
  scope: DescribeScope,
  now: number,
): Promise<ManagedPrefixList[]> {
  const key = `${scope.account}/${scope.region}`;
  const hit = prefixCache.get(key);
  if (hit && now - hit.at < PREFIX_LIST_TTL_MS) return hit.lists;
  const lists = await describePrefixLists(scope);
  prefixCache.set(key, { at: now, lists });
  return lists;
}

// A name is unique within a VPC only. EC2 takes a call that names a
// group only by name (no VPC) to mean the region's default VPC, so the
// name is looked up there and never across every VPC.
async function changedGroupIds(
  scope: DescribeScope,
  change: Change,
): Promise<string[]> {
  const ids = new Set(change.groupIds);
  const named = change.groupNames;
  for (const vpcId of new Set(named.map((n) => n.vpcId))) {
    const names = named.filter((n) => n.vpcId === vpcId).map((n) => n.name);
    const target = { ec2: scope.ec2, account: scope.account,
      region: scope.region };
    const found = await resolveGroupNames(target, names,
      vpcId ?? 'default');
    for (const list of Object.values(found)) list.forEach((id) => ids.add(id));
  }
  return [...ids].sort();
}

function interfacesOf(
  scope: DescribeScope,
  groupIds: string[],
  change: Change,
): Promise<NetworkInterface[][]> {
  const describe = (filters: Filter[]) => describeInterfaces(scope, filters);
  return Promise.all([
    inBatches('group-id', groupIds, describe),
    inBatches('network-interface-id', change.networkInterfaceIds, describe),
    inBatches('attachment.instance-id', change.instanceIds, describe),
  ]);
}

function unique<T>(items: T[], key: (item: T) => string | undefined): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item) ?? '', item);
  return [...seen.values()];
}

/**
 * Reads what a change touched, in two rounds: the rules and interfaces of
 * the changed groups (and of the interfaces and instances it names); then
 * every group that matters to judging them (the changed ones, the groups
 * their rules reference, the groups attached beside them), so that
 * `{ profile }` peers and foreign groups can be judged. Three reads for a
 * change that names groups; prefix lists come from a short-lived cache.
 */
export async function readChange(
  ec2: EC2Client,
  change: Change,
  now: Date,
): Promise<ChangeState> {
  const scope = { ec2, account: change.account, region: change.region };
  const asked = await changedGroupIds(scope, change);
  const [rules, enis] = await Promise.all([
    inBatches('group-id', asked, (f) => describeRules(scope, f)),
    interfacesOf(scope, asked, change),
  ]);
  const interfaces = unique(enis.flat(), (e) => e.NetworkInterfaceId);
  const carried = interfaces.flatMap((e) =>
    (e.Groups ?? []).map((g) => g.GroupId ?? ''));
  const targets = asked.length ? asked : carried;
  const related = rules.flatMap((r) => r.ReferencedGroupInfo?.GroupId ?? []);
  const wanted = [...new Set([...targets, ...related, ...carried])].sort();
  const groups = await inBatches('group-id', wanted,
    (f) => describeGroups(scope, f));
  const lists = rules.some((r) => r.PrefixListId)
    ? await prefixLists(scope, now.getTime())
    : [];
  const found = new Set(groups.map((g) => g.GroupId));
  const snapshot: Snapshot = JSON.parse(JSON.stringify({
    Account: change.account, Region: change.region,
    SecurityGroups: groups, SecurityGroupRules: rules,
    NetworkInterfaces: interfaces, PrefixLists: lists,
  }));
  return {
    snapshot,
    groupIds: targets.filter((id) => found.has(id)),
    deleted: asked.filter((id) => !found.has(id)),
  };
}

/**
 * Adds the groups that carry `profiles` (by their binding tag `key`) to
 * the state, so a require of `{ profile }` can be put back even when no
 * rule names such a group any more. Groups already there stay as read.
 */
export async function addCarriers(
  ec2: EC2Client,
  state: ChangeState,
  key: string,
  profiles: readonly string[],
): Promise<void> {
  if (profiles.length === 0) return;
  const scope = { ec2, account: state.snapshot.Account,
    region: state.snapshot.Region };
  const found = await describeGroups(scope, [{ Name: `tag:${key}`,
    Values: profiles.map((p) => `*${p}*`) }]);
  const have = new Set(state.snapshot.SecurityGroups.map((g) => g.GroupId));
  const fresh = JSON.parse(JSON.stringify(found.filter((g) =>
    !have.has(g.GroupId))));
  state.snapshot.SecurityGroups.push(...fresh);
}
