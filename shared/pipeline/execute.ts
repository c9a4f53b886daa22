import {
  authorizeRules,
  detachGroup,
  quarantine,
  restoreTag,
  revokeRules,
  type WriteOptions,
  type WriteResult,
  type WriteTarget,
} from '../aws/index.ts';
import type { Finding } from '../engine/types.ts';
import type { Plan, PlannedAction } from '../remediation/types.ts';
import type { WaveBudget } from '../rollout/versions.ts';
import type {
  AuditReason,
  QuarantineStore,
  WriteBudget,
} from '../store/types.ts';
import type { ActionOutcome, BudgetTrip } from './types.ts';

/** What carrying out a plan needs. */
export interface ExecuteContext {
  target: WriteTarget;
  options: Omit<WriteOptions, 'reason'>;
  reason: Omit<AuditReason, 'findings'>;
  budget: WriteBudget;
  /** Where quarantines are kept, so `driftguard release` finds them. */
  quarantines?: QuarantineStore;
  perInvocation: number;
  perAccountHour: number;
  /** What a rollout's wave still allows, when it counts these writes. */
  wave?: WaveBudget;
  now: Date;
}

function reasonOf(ctx: ExecuteContext, findings: Finding[]): AuditReason {
  return {
    ...ctx.reason,
    findings: findings.map((f) => ({
      kind: f.kind, severity: f.severity, ruleId: f.ruleId,
      profile: f.profile, policyRule: f.policyRule, message: f.message,
    })),
  };
}

async function write(
  action: PlannedAction,
  ctx: ExecuteContext,
): Promise<WriteResult & { entryIds?: string[] }> {
  const options = { ...ctx.options, reason: reasonOf(ctx, action.findings) };
  const t = ctx.target;
  switch (action.kind) {
    case 'revoke-rules':
      return revokeRules(t, action, options);
    case 'authorize-rules':
      return authorizeRules(t, action, options);
    case 'quarantine': {
      const result = await quarantine(t, action, options);
      // The move's entry: a revoke of stray rules on the quarantine group
      // may be written before it.
      const id = result.entryId;
      if (ctx.quarantines && id && !result.dryRun && result.moved.length) {
        await ctx.quarantines.put({
          id, account: t.account, region: t.region, groupId: action.groupId,
          vpcId: action.vpcId, quarantineGroupId: result.quarantineGroupId ??
            '', interfaces: result.interfaces.filter((i) =>
            result.moved.includes(i.NetworkInterfaceId ?? '')),
        });
      }
      return result;
    }
    case 'detach-group':
      return detachGroup(t, action, options);
    case 'restore-tag':
      return restoreTag(t, action, options);
  }
}

function outcome(
  action: PlannedAction,
  result: WriteResult & { entryIds?: string[] },
): ActionOutcome {
  const entryIds = result.entryIds ??
    (result.entryId ? [result.entryId] : []);
  return {
    action,
    status: result.dryRun && result.status !== 'unchanged'
      ? 'dry-run'
      : result.status,
    entryIds,
    errors: result.failed.map((f) => `${f.id}: ${f.error}`),
  };
}

/** Whether the budgets let `action` go ahead, counting it when they do. */
async function admit(
  action: PlannedAction,
  used: number,
  ctx: ExecuteContext,
): Promise<BudgetTrip | undefined> {
  if (used + action.size > ctx.perInvocation) {
    return { scope: 'invocation', limit: ctx.perInvocation, used,
      skipped: 0 };
  }
  if (ctx.options.dryRun) return undefined;
  const wave = await ctx.wave?.tryConsume(action.size);
  if (wave && !wave.allowed) {
    return { scope: 'wave', limit: wave.limit, used: wave.used, skipped: 0 };
  }
  const answer = await ctx.budget.tryConsume(ctx.target.account,
    action.size, ctx.perAccountHour, ctx.now);
  if (answer.allowed) return undefined;
  return { scope: 'account-hour', limit: answer.limit, used: answer.used,
    skipped: 0 };
}

/**
 * Makes the plan's writes in order, each recorded before it is made.
 * Once a budget (per invocation, per rollout wave, or per account per
 * hour) would be exceeded, no further write is made: the rest are
 * reported as skipped, and the trip says which budget and how many.
 */
export async function execute(
  plan: Plan,
  ctx: ExecuteContext,
): Promise<{ outcomes: ActionOutcome[]; trip?: BudgetTrip }> {
  const outcomes: ActionOutcome[] = [];
  let used = 0;
  let trip: BudgetTrip | undefined;
  for (const action of plan.actions) {
    trip ??= await admit(action, used, ctx);
    if (trip) {
      trip.skipped += 1;
      outcomes.push({ action, status: 'skipped', entryIds: [], errors: [],
        note: `the ${trip.scope} budget of ${trip.limit} writes tripped` });
      continue;
    }
    used += action.size;
    try {
      outcomes.push(outcome(action, await write(action, ctx)));
    } catch (error) {
      outcomes.push({ action, status: 'failed', entryIds: [],
        errors: [(error as Error).message] });
    }
  }
  return trip ? { outcomes, trip } : { outcomes };
}
