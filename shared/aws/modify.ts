import { ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import type { SecurityGroupRuleRequest } from '@aws-sdk/client-ec2';
import type { SecurityGroupRule } from '../snapshot/types.ts';
import { batchThenEach } from './fallback.ts';
import { RULE_GONE_CODES } from './revoke.ts';
import {
  keyOf,
  readGroupAndRules,
  readRulesById,
  refuseStrays,
} from './state.ts';
import {
  failure,
  isCode,
  listed,
  plain,
  recordWrite,
  unchanged,
} from './write.ts';
import type {
  Achieved,
  Ec2Call,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

/** The EC2 calls of {@link modifyRules}, for the IAM policies. */
export const MODIFY_CALLS: readonly Ec2Call[] = [
  { action: 'ec2:ModifySecurityGroupRules', on: 'bound-group' },
];

/** One rule to change, and what it is to look like. */
export interface RuleChange {
  ruleId: string;
  rule: SecurityGroupRuleRequest;
}

/** What {@link modifyRules} changes: rules of one group, by id. */
export interface ModifyInput {
  groupId: string;
  changes: readonly RuleChange[];
}

// What uses modifyRules: nothing plans it yet. The engine reports a
// modified rule as the rule it now is (unapproved or denied) and, where
// a require no longer holds, the rule missing; remediation converges
// that by revoking the rule and re-authorizing the required one. Release
// does use modifyNow, to put back a rule that a modify-rules entry
// changed.

/**
 * Make rules of a group look as asked again (ModifySecurityGroupRules),
 * recording each rule as it was, beside every rule of the group before
 * and after. A rule already as asked is left alone; a rule that no
 * longer exists is reported in `gone`.
 */
export async function modifyRules(
  target: WriteTarget,
  input: ModifyInput,
  options: WriteOptions,
): Promise<WriteResult> {
  const { groupId } = input;
  const ids = input.changes.map((change) => change.ruleId);
  const { all, asked: rules } = await readGroupAndRules(target, groupId,
    ids);
  const byId = new Map(rules.map((rule) => [rule.SecurityGroupRuleId, rule]));
  const gone = ids.filter((id) => !byId.has(id));
  const pending = input.changes.filter((change) => {
    const rule = byId.get(change.ruleId);
    return rule !== undefined && !matches(rule, change.rule);
  });
  refuseStrays(target, groupId, rules);
  if (pending.length === 0) return unchanged(options, gone);

  const planned = pending.map((change) => change.ruleId);
  const before = rules.filter((rule) =>
    planned.includes(rule.SecurityGroupRuleId ?? ''));
  const plan = {
    action: 'modify-rules' as const, groupId, planned, gone,
    before: { rules: plain(before) }, groupRules: all,
    intent: `modify ${listed(planned)} of ${groupId}`,
  };
  const { result } = await recordWrite(target, options, plan,
    () => modifyNow(target, groupId, pending));
  return result;
}

/** Make the changes now, unrecorded (for writes that record themselves). */
export async function modifyNow(
  target: WriteTarget,
  groupId: string,
  changes: readonly RuleChange[],
): Promise<Achieved> {
  const send = async (batch: RuleChange[]) => {
    const output = await target.ec2.send(new ModifySecurityGroupRulesCommand({
      GroupId: groupId,
      SecurityGroupRules: batch.map((change) => ({
        SecurityGroupRuleId: change.ruleId,
        SecurityGroupRule: change.rule,
      })),
    }));
    if (output.Return === false) throw new Error('EC2 answered Return=false');
  };
  const settled = await batchThenEach([...changes], {
    id: (change) => change.ruleId,
    batch: send,
    single: (change) => send([change]),
    needless: (error) => isCode(error, ...RULE_GONE_CODES),
    settled: async (batch) => {
      const now = await readRulesById(target,
        batch.map((change) => change.ruleId), groupId);
      return new Set(batch.filter((change) => now.some((rule) =>
        rule.SecurityGroupRuleId === change.ruleId &&
        matches(rule, change.rule))).map((change) => change.ruleId));
    },
    // As asked after a failed call: maybe made by a call whose answer was
    // lost; counted as done, release can put the rule back as it was.
    settledAs: 'done',
    fail: (change, error) => failure(target, 'ModifySecurityGroupRules',
      groupId, change.ruleId, error),
  });
  return { done: settled.done, failed: settled.failed, gone: settled.needless };
}

/** Whether a rule already carries what `request` asks, description too. */
export function matches(
  rule: SecurityGroupRule,
  request: SecurityGroupRuleRequest,
): boolean {
  const asked = ruleOfRequest(request, rule);
  return keyOf(rule) === keyOf(asked) &&
    (rule.Description ?? '') === (request.Description ?? '');
}

function ruleOfRequest(
  request: SecurityGroupRuleRequest,
  place: SecurityGroupRule,
): SecurityGroupRule {
  const rule: SecurityGroupRule = {
    GroupId: place.GroupId,
    IsEgress: place.IsEgress,
    IpProtocol: request.IpProtocol,
    FromPort: request.FromPort,
    ToPort: request.ToPort,
    CidrIpv4: request.CidrIpv4,
    CidrIpv6: request.CidrIpv6,
    PrefixListId: request.PrefixListId,
  };
  if (request.ReferencedGroupId !== undefined) {
    rule.ReferencedGroupInfo = { GroupId: request.ReferencedGroupId };
  }
  return rule;
}
