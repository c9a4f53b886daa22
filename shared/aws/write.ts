import type { EC2Client } from '@aws-sdk/client-ec2';
import type {
  AuditAction,
  AuditDraft,
  AuditEntry,
  AuditLog,
  AuditOutcome,
  AuditReason,
  PriorState,
} from '../store/types.ts';
import type { SecurityGroupRule } from '../snapshot/types.ts';
import { AwsCallError, awsErrorCode } from './errors.ts';
import { readGroupRules } from './state.ts';

/**
 * What an EC2 call that changes something is made on, so that the IAM
 * policies can be proven to allow it (test/unit/deploy): the rules of a
 * group bound by the binding tag, the rules of a quarantine group, the
 * binding tag itself, a new quarantine group (tagged as it is created),
 * the quarantine tag put back on the quarantine group that lost it, or
 * the groups of an interface (bound groups or the quarantine group).
 */
export type Ec2CallTarget =
  | 'bound-group'
  | 'quarantine-group'
  | 'binding-tag'
  | 'new-quarantine-group'
  | 'quarantine-tag'
  | 'interface';

/** One EC2 call a write makes: its IAM action and what it changes. */
export interface Ec2Call {
  /** `ec2:` and the API name, e.g. `ec2:RevokeSecurityGroupIngress`. */
  action: string;
  on: Ec2CallTarget;
}

/** The account-region a write goes to, and the EC2 client to make it. */
export interface WriteTarget {
  /** EC2 client with credentials of the account, in the region. */
  ec2: EC2Client;
  account: string;
  region: string;
}

/** What every write takes besides its inputs. */
export interface WriteOptions {
  /** Why: the findings and the change behind them. */
  reason: AuditReason;
  /** Version of the intent bundle that decided the write. */
  intentVersion: string;
  /** Where the write is recorded, before it is made. */
  log: AuditLog;
  /** Record what would be done, and make no call that changes anything. */
  dryRun: boolean;
}

/** One id that was not written, with what AWS answered. */
export interface WriteFailure {
  id: string;
  /** The AWS error code and message, with account, region and group. */
  error: string;
}

/** What a write did; every action's result extends this. */
export interface WriteResult {
  /**
   * The audit entry of the write; absent when nothing needed writing (the
   * state was already as asked), so nothing was recorded.
   */
  entryId?: string;
  /** `unchanged` when nothing needed writing. */
  status: 'done' | 'partial' | 'failed' | 'unchanged';
  dryRun: boolean;
  /** Ids the write set out to change: what a dry run would change. */
  planned: string[];
  /** Ids changed (none in a dry run). */
  done: string[];
  /** Ids that were not changed, each with the error AWS gave. */
  failed: WriteFailure[];
  /** Ids asked for that no longer exist: nothing to do for them. */
  gone: string[];
}

/** A write's plan: what to record before it, and what it will change. */
export interface Plan {
  action: AuditAction;
  groupId: string;
  before: PriorState;
  intent: string;
  planned: string[];
  gone?: string[];
  /** For a release: the entry it undoes. */
  releases?: string;
  /** The entry this write completes (see `AuditEntry.partOf`). */
  partOf?: string;
  /**
   * Every rule of the group as read before a write to its rules: kept in
   * `before.groupRules`, and read again after the calls into the
   * outcome's `groupRules`.
   */
  groupRules?: readonly SecurityGroupRule[];
}

/**
 * The most rules of a group whose full sets, before and after, an entry
 * keeps. A DynamoDB item holds 400 KB, and a rule takes about 400 bytes:
 * a group with more rules (its quota raised) is recorded without its
 * full sets, and the outcome's note says so, rather than the entry
 * failing to be written and the write never being made.
 */
export const MAX_RECORDED_GROUP_RULES = 250;

/**
 * What the calls of a write achieved, before it is recorded: `gone` are
 * ids found missing while writing, `present` what was found already there
 * (both recorded in the note).
 */
export type Achieved = Omit<AuditOutcome, 'status'> & {
  gone?: string[];
  present?: string[];
};

/** What {@link recordWrite} recorded, and what the calls achieved. */
export interface Recorded {
  result: WriteResult;
  entry: AuditEntry;
  achieved: Achieved;
}

/**
 * Record `plan`, make the calls (`act`) unless this is a dry run, and
 * record what they achieved. Nothing is called when `begin` fails. An
 * unexpected error from `act` is recorded as a failure, then rethrown.
 * When `finish` fails the entry stays `pending`, which says that what
 * the write did is not known, and the error is thrown.
 */
export async function recordWrite(
  target: WriteTarget,
  options: WriteOptions,
  plan: Plan,
  act: () => Promise<Achieved>,
): Promise<Recorded> {
  const entry = await options.log.begin(draftOf(target, options, plan));
  let achieved: Achieved = { done: [], failed: [] };
  if (options.dryRun) {
    achieved.note = `dry run: nothing written; would ${plan.intent}`;
  } else {
    try {
      achieved = await act();
    } catch (error) {
      const failed = plan.planned.map((id) => ({ id, error: String(error) }));
      const outcome = { status: 'failed' as const, done: [], failed };
      await options.log.finish(entry.id, outcome);
      throw error;
    }
  }
  const after = options.dryRun ? {} : await rulesAfter(target, plan);
  const gone = [...plan.gone ?? [], ...achieved.gone ?? []];
  const outcome = outcomeOf(achieved, after, gone);
  const finished = await options.log.finish(entry.id, outcome);
  const result = resultOf(finished, plan, outcome);
  return { result: { ...result, gone }, entry: finished, achieved };
}

/** The result of a write that found nothing to change. */
export function unchanged(
  options: Pick<WriteOptions, 'dryRun'>,
  gone: string[] = [],
): WriteResult {
  return {
    status: 'unchanged', dryRun: options.dryRun,
    planned: [], done: [], failed: [], gone,
  };
}

/** `done` when nothing failed, `failed` when nothing was done. */
export function statusOf(
  achieved: Pick<AuditOutcome, 'done' | 'failed'>,
): AuditOutcome['status'] {
  if (achieved.failed.length === 0) return 'done';
  return achieved.done.length === 0 ? 'failed' : 'partial';
}

/** The failure of `id` in a call, naming account, region and group. */
export function failure(
  target: WriteTarget,
  operation: string,
  groupId: string,
  id: string,
  error: unknown,
): WriteFailure {
  const { account, region } = target;
  const call = error instanceof AwsCallError
    ? error
    : new AwsCallError({ operation, account, region, groupIds: [groupId] },
      error);
  return { id, error: call.message };
}

/** Whether an SDK error is one of the AWS error codes `codes`. */
export function isCode(error: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/** An SDK output as plain JSON data, fit for any audit log. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** `a, b and 3 more` for the intent of a write. */
export function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
}

/**
 * The group's rules read again after a write that recorded them before;
 * a failed read is said in the note and does not fail the write.
 */
async function rulesAfter(
  target: WriteTarget,
  plan: Plan,
): Promise<Pick<Achieved, 'groupRules' | 'note'>> {
  if (plan.groupRules === undefined) return {};
  if (!kept(plan.groupRules)) return { note: tooMany(plan) };
  try {
    const rules = await readGroupRules(target, plan.groupId);
    return kept(rules) ? { groupRules: plain(rules) } : { note: tooMany(plan) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { note: `the rules after the write could not be read: ${why}` };
  }
}

function kept(rules: readonly SecurityGroupRule[]): boolean {
  return rules.length <= MAX_RECORDED_GROUP_RULES;
}

function tooMany(plan: Plan): string {
  return `${plan.groupId} has more than ${MAX_RECORDED_GROUP_RULES} ` +
    'rules: its full rule sets are not recorded';
}

/**
 * The outcome to record: what the calls achieved, with the group's rules
 * read `after` them; its note says, in this order, what the calls said,
 * what the read said, and what was found gone or there already.
 */
function outcomeOf(
  achieved: Achieved,
  after: Pick<Achieved, 'groupRules' | 'note'>,
  gone: string[],
): AuditOutcome {
  const { gone: _gone, present = [], ...rest } = achieved;
  const outcome: AuditOutcome = { status: statusOf(achieved), ...rest };
  if (after.groupRules) outcome.groupRules = after.groupRules;
  const notes = [
    achieved.note,
    after.note,
    gone.length > 0 ? `already gone: ${listed(gone)}` : undefined,
    present.length > 0 ? `already there: ${listed(present)}` : undefined,
  ].filter((note) => note !== undefined);
  if (notes.length > 0) outcome.note = notes.join('; ');
  return outcome;
}

function draftOf(
  target: WriteTarget,
  options: WriteOptions,
  plan: Plan,
): AuditDraft {
  const before = plain(plan.before);
  if (plan.groupRules && kept(plan.groupRules)) {
    before.groupRules = plain([...plan.groupRules]);
  }
  const draft: AuditDraft = {
    account: target.account,
    region: target.region,
    groupId: plan.groupId,
    action: plan.action,
    reason: options.reason,
    intentVersion: options.intentVersion,
    before,
    intent: plan.intent,
    dryRun: options.dryRun,
  };
  if (plan.releases !== undefined) draft.releases = plan.releases;
  if (plan.partOf !== undefined) draft.partOf = plan.partOf;
  return draft;
}

function resultOf(
  entry: AuditEntry,
  plan: Plan,
  outcome: AuditOutcome,
): WriteResult {
  return {
    entryId: entry.id,
    status: outcome.status,
    dryRun: entry.dryRun,
    planned: plan.planned,
    done: outcome.done,
    failed: outcome.failed,
    gone: [],
  };
}
