import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { EC2Client, Filter } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type {
  NetworkInterface,
  SecurityGroupRule,
  Snapshot,
} from '../snapshot/types.ts';
import {
  describeGroups,
  describeInterfaces,
  describePrefixLists,
  describeRules,
  inBatches,
} from './describe.ts';
import type { DescribeScope } from './describe.ts';
import { AwsCallError } from './errors.ts';

/** The account-region to read, and the clients to read it with. */
export interface ReadTarget {
  /** EC2 client with credentials of the account, in the region. */
  ec2: EC2Client;
  /** Region name; without it, the EC2 client's region. */
  region?: string;
  /** Account id; without it, STS GetCallerIdentity through `sts`. */
  account?: string;
  /** STS client with the same credentials; needed when `account` is not. */
  sts?: STSClient;
  /** Items asked per page; default the largest EC2 allows. */
  pageSize?: number;
}

/** What {@link readGroups} found. */
export interface GroupsRead {
  /** The groups that exist, their rules and interfaces. */
  snapshot: Snapshot;
  /**
   * Ids asked for that no longer exist, sorted: security groups (`sg-`),
   * interfaces asked for by id (`eni-`), and instances (`i-`) with no
   * interface attached (a terminated instance has none).
   */
  deleted: string[];
}

/** Options of {@link readGroups}. */
export interface ReadGroupsOptions {
  /** Interfaces to read by id as well, whichever groups they carry. */
  networkInterfaceIds?: readonly string[];
  /**
   * Instances whose attached interfaces to read as well (for events that
   * name instances, not interfaces), whichever groups they carry.
   */
  instanceIds?: readonly string[];
}

/**
 * Read a whole account-region (a sweep): every security group, rule,
 * network interface and managed prefix list, in the snapshot format.
 */
export async function readRegion(target: ReadTarget): Promise<Snapshot> {
  const scope = await resolveScope(target);
  const [groups, rules, interfaces, prefixLists] = await Promise.all([
    describeGroups(scope),
    describeRules(scope),
    describeInterfaces(scope),
    describePrefixLists(scope),
  ]);
  return plain({
    Account: scope.account,
    Region: scope.region,
    SecurityGroups: sortBy(groups, 'GroupId'),
    SecurityGroupRules: sortBy(rules, 'SecurityGroupRuleId'),
    NetworkInterfaces: sortBy(interfaces, 'NetworkInterfaceId'),
    PrefixLists: sortBy(prefixLists, 'PrefixListId'),
  });
}

/**
 * Read some security groups (the event path): the groups, their rules,
 * the interfaces carrying them, the prefix lists their rules name, and
 * any interfaces asked for by id or by the instance they are attached
 * to. Ids that no longer exist are reported
 * in `deleted`; EC2 answers a `group-id` filter with the groups that
 * exist, so a deleted group is no error.
 */
export async function readGroups(
  target: ReadTarget,
  groupIds: readonly string[],
  options: ReadGroupsOptions = {},
): Promise<GroupsRead> {
  const scope = await resolveScope(target);
  const asked = unique(groupIds);
  const groups = await inBatches('group-id', asked,
    (filters) => describeGroups(scope, filters));
  const found = groups.map((group) => group.GroupId ?? '');

  const [rules, interfaces] = await Promise.all([
    inBatches('group-id', found, (filters) => describeRules(scope, filters)),
    readInterfaces(scope, found, options),
  ]);
  const prefixLists = await inBatches('prefix-list-id',
    prefixListIds(rules), (filters) => describePrefixLists(scope, filters));

  const snapshot = plain({
    Account: scope.account,
    Region: scope.region,
    SecurityGroups: sortBy(groups, 'GroupId'),
    SecurityGroupRules: sortBy(rules, 'SecurityGroupRuleId'),
    NetworkInterfaces: sortBy(interfaces.found, 'NetworkInterfaceId'),
    PrefixLists: sortBy(prefixLists, 'PrefixListId'),
  });
  const deleted = [...missing(asked, found), ...interfaces.missing].sort();
  return { snapshot, deleted };
}

/**
 * Ids of the security groups named `names`, per name (every name is a
 * key; a name nobody uses maps to `[]`). Names are unique within a VPC
 * only: give `vpc` to look in one VPC, by id, or `'default'` for the
 * region's default VPC, which is where EC2 looks for a group a call names
 * only by `groupName` (a region without a default VPC has no such group).
 * Without `vpc`, every VPC is searched.
 */
export async function resolveGroupNames(
  target: ReadTarget,
  names: readonly string[],
  vpc?: string,
): Promise<Record<string, string[]>> {
  const scope = await resolveScope(target);
  const ids: Record<string, string[]> = {};
  for (const name of names) ids[name] = [];
  const vpcId = vpc === 'default' ? await defaultVpcId(scope) : vpc;
  if (vpc === 'default' && vpcId === undefined) return ids;
  const inVpc = vpcId === undefined
    ? []
    : [{ Name: 'vpc-id', Values: [vpcId] }];
  const groups = await inBatches('group-name', unique(names),
    (filters) => describeGroups(scope, filters), inVpc);

  for (const group of sortBy(groups, 'GroupId')) {
    if (group.GroupName && group.GroupId) {
      ids[group.GroupName]?.push(group.GroupId);
    }
  }
  return ids;
}

/** The id of the region's default VPC, if it has one. */
async function defaultVpcId(
  scope: DescribeScope,
): Promise<string | undefined> {
  const filters = [{ Name: 'is-default', Values: ['true'] }];
  try {
    const out = await scope.ec2.send(new DescribeVpcsCommand({
      Filters: filters }));
    return out.Vpcs?.[0]?.VpcId;
  } catch (error) {
    const { account, region } = scope;
    throw new AwsCallError({ operation: 'DescribeVpcs', account, region },
      error);
  }
}

async function readInterfaces(
  scope: DescribeScope,
  groupIds: readonly string[],
  options: ReadGroupsOptions,
): Promise<{ found: NetworkInterface[]; missing: string[] }> {
  const asked = unique(options.networkInterfaceIds ?? []);
  const instances = unique(options.instanceIds ?? []);
  const describe = (filters: Filter[]) => describeInterfaces(scope, filters);
  const [byGroup, byId, byInstance] = await Promise.all([
    inBatches('group-id', groupIds, describe),
    inBatches('network-interface-id', asked, describe),
    inBatches('attachment.instance-id', instances, describe),
  ]);

  const found = new Map<string, NetworkInterface>();
  for (const eni of [...byGroup, ...byId, ...byInstance]) {
    found.set(eni.NetworkInterfaceId ?? '', eni);
  }
  const attached = byInstance.flatMap((eni) => eni.Attachment?.InstanceId ??
    []);
  return {
    found: [...found.values()],
    missing: [...missing(asked, found.keys()), ...missing(instances,
      attached)],
  };
}

/** Account and region of the target, asking STS for the account if need be. */
async function resolveScope(target: ReadTarget): Promise<DescribeScope> {
  const region = target.region ?? await target.ec2.config.region();
  const account = target.account ?? await callerAccount(target, region);
  const scope: DescribeScope = { ec2: target.ec2, account, region };
  if (target.pageSize !== undefined) scope.pageSize = target.pageSize;
  return scope;
}

async function callerAccount(
  target: ReadTarget,
  region: string,
): Promise<string> {
  const operation = 'GetCallerIdentity';
  if (!target.sts) {
    const reason = new Error('neither an account id nor an STS client given');
    throw new AwsCallError({ operation, region }, reason);
  }
  try {
    const identity = await target.sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account) return identity.Account;
    throw new Error('STS answered without an account id');
  } catch (error) {
    throw new AwsCallError({ operation, region }, error);
  }
}

function prefixListIds(rules: readonly SecurityGroupRule[]): string[] {
  return unique(rules.flatMap((rule) => rule.PrefixListId ?? []));
}

function missing(asked: readonly string[], found: Iterable<string>): string[] {
  const present = new Set(found);
  return asked.filter((id) => !present.has(id));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sortBy<T, K extends keyof T>(items: readonly T[], key: K): T[] {
  const id = (item: T) => String(item[key] ?? '');
  return [...items].sort((a, b) => compare(id(a), id(b)));
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The SDK's output as plain JSON data: dates (an interface's attachment
 * time) become ISO 8601 strings, as they are in a snapshot file, and
 * `undefined` members disappear, so a round trip through JSON is exact.
 */
function plain(snapshot: Snapshot): Snapshot {
  return JSON.parse(JSON.stringify(snapshot)) as Snapshot;
}
