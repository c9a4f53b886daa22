import type { RotationMove } from '../remediation/rotation.ts';
import { rotationId } from '../store/rotations.ts';
import type {
  AuditLog,
  AuditReason,
  RotationStore,
} from '../store/types.ts';
import { release } from './release.ts';
import { swapGroup, type VerifyOptions } from './rotate.ts';
import type { WriteTarget } from './write.ts';

/** What a rotation moves: its groups, where, and each interface. */
export interface RotationPlan {
  from: string;
  to: string;
  region: string;
  accounts: string[];
  moves: RotationMove[];
}

/** Where a rotation records, and how it checks each swap. */
export interface RotationOptions {
  log: AuditLog;
  rotations: RotationStore;
  intentVersion: string;
  /** Why (default: an operator's command, no findings). */
  reason?: AuditReason;
  verify?: VerifyOptions;
  clock?: () => Date;
  /** Told of each interface as its swap ends, for progress. */
  onSwap?: (step: Step) => void;
}

/** One interface's swap, or the put-back of one, and its audit entry. */
export interface Step {
  account: string;
  networkInterfaceId: string;
  /** Absent when nothing was recorded (nothing to change). */
  entryId?: string;
  status: 'done' | 'partial' | 'failed' | 'unchanged';
  error?: string;
}

/** What a rotation did. */
export interface RotationResult {
  id: string;
  /**
   * `done`: every interface moved; `unchanged`: none needed moving;
   * `restored`: a swap failed and every interface moved before it was
   * put back; `restore-failed`: some could not be put back.
   */
  status: 'done' | 'unchanged' | 'restored' | 'restore-failed';
  swaps: Step[];
  /** The swap that failed, which stopped the rotation. */
  failure?: Step;
  /** The put-backs after a failure, newest move first. */
  restores: Step[];
}

/**
 * The audit log of one rotation: every entry names the rotation and is
 * added to its record before the write is made. When the record cannot
 * be added to, the entry is closed as failed and nothing is written.
 */
export function rotationLog(
  log: AuditLog,
  rotations: RotationStore,
  id: string,
): AuditLog {
  return {
    begin: async (draft) => {
      const entry = await log.begin({ ...draft, rotation: id });
      const [eni = ''] = Object.keys(draft.before.interfaceGroups ?? {});
      try {
        await rotations.add(id, { entryId: entry.id, account: entry.account,
          networkInterfaceId: eni });
      } catch (error) {
        await log.finish(entry.id, { status: 'failed', done: [],
          failed: [{ id: eni, error: String(error) }] });
        throw error;
      }
      return entry;
    },
    finish: (entryId, outcome) => log.finish(entryId, outcome),
    get: (entryId) => log.get(entryId),
    history: (account, groupId) => log.history(account, groupId),
    markReleased: (entryId, by) => log.markReleased(entryId, by),
  };
}

/**
 * Move every interface of the plan from `from` to `to`, one at a time,
 * each recorded before its write and read back after it. On the first
 * swap that fails, stop, and put back every interface already moved,
 * newest first, each put-back recorded as the release of its entry.
 */
export async function rotate(
  plan: RotationPlan,
  targets: ReadonlyMap<string, WriteTarget>,
  options: RotationOptions,
): Promise<RotationResult> {
  const clock = options.clock ?? (() => new Date());
  const id = rotationId(clock());
  const { from, to, region, accounts } = plan;
  await options.rotations.start({ id, region, from, to, accounts,
    intentVersion: options.intentVersion });
  const result: RotationResult = { id, status: 'unchanged', swaps: [],
    restores: [] };
  const moved: Step[] = [];
  for (const move of plan.moves) {
    const step = await swapOne(move, plan, targets,
      { ...options, log: rotationLog(options.log, options.rotations, id) });
    result.swaps.push(step);
    options.onSwap?.(step);
    if (step.entryId && step.status !== 'failed') moved.push(step);
    if (step.error !== undefined) {
      result.failure = step;
      break;
    }
  }
  if (!result.failure) {
    result.status = moved.length > 0 ? 'done' : 'unchanged';
    return result;
  }
  result.restores = await putBack(moved.reverse(), targets, options);
  const whole = result.restores.every((r) =>
    r.status === 'done' || r.status === 'unchanged');
  result.status = whole ? 'restored' : 'restore-failed';
  return result;
}

async function swapOne(
  move: RotationMove,
  plan: RotationPlan,
  targets: ReadonlyMap<string, WriteTarget>,
  options: RotationOptions,
): Promise<Step> {
  const { account, networkInterfaceId } = move;
  try {
    const swap = await swapGroup(targetOf(targets, account),
      { networkInterfaceId, from: plan.from, to: plan.to },
      { log: options.log, intentVersion: options.intentVersion,
        reason: reasonOf(options), dryRun: false, verify: options.verify });
    const step: Step = { account, networkInterfaceId, status: swap.status };
    if (swap.entryId) step.entryId = swap.entryId;
    const failed = swap.failed[0];
    if (failed) step.error = failed.error;
    return step;
  } catch (error) {
    return { account, networkInterfaceId, status: 'failed',
      error: (error as Error).message ?? String(error) };
  }
}

/** Release each moved interface's entry; a failure stops no other. */
async function putBack(
  moved: readonly Step[],
  targets: ReadonlyMap<string, WriteTarget>,
  options: RotationOptions,
): Promise<Step[]> {
  const steps: Step[] = [];
  for (const { account, networkInterfaceId, entryId = '' } of moved) {
    const step: Step = { account, networkInterfaceId, status: 'failed' };
    try {
      const entry = await options.log.get(entryId);
      if (!entry) throw new Error(`audit entry ${entryId} is not there`);
      const done = await release(targetOf(targets, account), entry,
        options.log, { reason: reasonOf(options) });
      step.status = done.status;
      if (done.entryId) step.entryId = done.entryId;
      if (done.failed[0]) step.error = done.failed[0].error;
    } catch (error) {
      step.error = (error as Error).message ?? String(error);
    }
    steps.push(step);
  }
  return steps;
}

function reasonOf(options: RotationOptions): AuditReason {
  return options.reason ?? { findings: [], trigger: 'cli' };
}

function targetOf(
  targets: ReadonlyMap<string, WriteTarget>,
  account: string,
): WriteTarget {
  const target = targets.get(account);
  if (!target) throw new Error(`no write target for account ${account}`);
  return target;
}
