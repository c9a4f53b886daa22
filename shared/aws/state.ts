import { ruleKey, ruleOfSecurityGroupRule } from '../rules/index.ts';
import type {
  NetworkInterface,
  SecurityGroup,
  SecurityGroupRule,
} from '../snapshot/types.ts';
import {
  describeGroups,
  describeInterfaces,
  describeRules,
  inBatches,
} from './describe.ts';
import { AwsCallError, WriteRefusedError } from './errors.ts';
import type { WriteTarget } from './write.ts';

// What the writes read before they write: the state they record as prior
// state, and read again to learn what a failed call left.

/**
 * The rules of these ids that exist, read in batches of 200 ids; an error
 * names `groupId`, the group they are asked of.
 */
export function readRulesById(
  target: WriteTarget,
  ruleIds: readonly string[],
  groupId: string,
): Promise<SecurityGroupRule[]> {
  const ids = [...new Set(ruleIds)];
  return naming(groupId, inBatches('security-group-rule-id', ids,
    (filters) => describeRules(target, filters)));
}

/** Every rule of a group, both directions. */
export function readGroupRules(
  target: WriteTarget,
  groupId: string,
): Promise<SecurityGroupRule[]> {
  return describeRules(target, [{ Name: 'group-id', Values: [groupId] }]);
}

/** A group's every rule, and those of some ids among them. */
export interface GroupRules {
  /** Every rule of the group. */
  all: SecurityGroupRule[];
  /** The rules of the ids asked for that exist, of any group. */
  asked: SecurityGroupRule[];
}

/**
 * Every rule of a group (`all`), read once, as a write records it, and
 * the rules of `ruleIds` among them. Ids not in the group are read by id,
 * so that a rule of another group is found (to be refused) rather than
 * taken as gone. `known` is the group's rules when already read.
 */
export async function readGroupAndRules(
  target: WriteTarget,
  groupId: string,
  ruleIds: readonly string[],
  known?: SecurityGroupRule[],
): Promise<GroupRules> {
  const all = known ?? await naming(groupId, readGroupRules(target, groupId));
  const wanted = new Set(ruleIds);
  const inGroup = all.filter((rule) =>
    wanted.has(rule.SecurityGroupRuleId ?? ''));
  const missing = missingIds(ruleIds, inGroup);
  const elsewhere = missing.length === 0 ? []
    : await readRulesById(target, missing, groupId);
  return { all, asked: [...inGroup, ...elsewhere] };
}

/** A security group, or undefined when it does not exist. */
export async function readGroup(
  target: WriteTarget,
  groupId: string,
): Promise<SecurityGroup | undefined> {
  const filters = [{ Name: 'group-id', Values: [groupId] }];
  return (await describeGroups(target, filters))[0];
}

/** The interfaces of these ids that exist; an error names `groupId`. */
export function readInterfaces(
  target: WriteTarget,
  interfaceIds: readonly string[],
  groupId: string,
): Promise<NetworkInterface[]> {
  return naming(groupId, inBatches('network-interface-id',
    [...new Set(interfaceIds)],
    (filters) => describeInterfaces(target, filters)));
}

/**
 * `reading`, whose AwsCallError, when it names no group, is made to name
 * `groupId`: the group a write was about when its reading failed.
 */
export async function naming<T>(
  groupId: string,
  reading: Promise<T>,
): Promise<T> {
  try {
    return await reading;
  } catch (error) {
    if (!(error instanceof AwsCallError) || error.groupIds.length > 0) {
      throw error;
    }
    const { operation, account, region } = error;
    throw new AwsCallError({ operation, account, region, groupIds: [groupId] },
      error.cause);
  }
}

/** The identity of a rule: direction, protocol, ports and peer. */
export function keyOf(rule: SecurityGroupRule): string {
  return ruleKey(ruleOfSecurityGroupRule(rule));
}

/** The `sgr-` ids of rules. */
export function idsOf(rules: readonly SecurityGroupRule[]): string[] {
  return rules.map((rule) => rule.SecurityGroupRuleId ?? '');
}

/** Ids asked for that are not among the rules found. */
export function missingIds(
  asked: readonly string[],
  found: readonly SecurityGroupRule[],
): string[] {
  const present = new Set(idsOf(found));
  return [...new Set(asked)].filter((id) => !present.has(id));
}

/** Refuse, before writing, rule ids that belong to another group. */
export function refuseStrays(
  target: WriteTarget,
  groupId: string,
  rules: readonly SecurityGroupRule[],
): void {
  const stray = rules.find((rule) => rule.GroupId !== groupId);
  if (!stray) return;
  const { account, region } = target;
  throw new WriteRefusedError({ account, region, groupId },
    `rule ${stray.SecurityGroupRuleId} belongs to ${stray.GroupId}, not ` +
    `to ${groupId}; nothing was written`);
}
