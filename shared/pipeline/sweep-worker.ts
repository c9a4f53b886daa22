import { rootFailure } from '../aws/errors.ts';
import type { Dispatcher } from '../notify/dispatcher.ts';
import { retry } from '../notify/retry.ts';
import type { ReleasePlace } from '../notify/text.ts';
import type { SweepRegionResult, SweepStore } from '../store/sweep-types.ts';
import type { ChangeDeps } from './handle.ts';
import { logPending, type DecisionLogger } from './log.ts';
import { sweepRegion, type RegionSweep } from './region.ts';
import { finishSweep } from './sweep-finish.ts';
import { parseSweepMessage, type SweepMessage } from './sweep-message.ts';
import { notifySweep } from './sweep-notify.ts';
import { failedResult, regionResult } from './sweep-result.ts';

/** What the sweep worker reads, writes, records and tells with. */
export interface WorkerDeps {
  change: ChangeDeps;
  sweeps: SweepStore;
  dispatcher: Pick<Dispatcher, 'dispatch' | 'dispatchDigest' |
    'dispatchBudget' | 'dispatchRegion'>;
  /** Where `driftguard release` finds the entries, for the alerts. */
  release?: ReleasePlace;
  logger: DecisionLogger;
  /** Deliveries of a message before SQS gives up on it. */
  maxReceives: number;
}

/**
 * Tries of storing a result, and of finishing the sweep, on the last
 * delivery: there is no later one, so a store that failed for a moment
 * gets some more chances before the sweep is left without its digest.
 */
const LAST_TRIES = 3;

/** The wait before the second of those tries; doubled before each next. */
const LAST_PAUSE_MS = 250;

/** The part of an SQS record the worker reads. */
export interface QueueRecord {
  messageId: string;
  body: string;
  attributes?: { ApproximateReceiveCount?: string };
}

/** Lambda's partial batch answer: the records to deliver again. */
export interface BatchFailures {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Sweeps the account-region of each record, one after the other. A
 * record that fails (a malformed message, an account that cannot be
 * reached, a store that fails) is named in the answer and nothing else
 * is: SQS delivers only it again.
 */
export async function sweepBatch(
  records: readonly QueueRecord[],
  deps: WorkerDeps,
): Promise<BatchFailures> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    if (!await sweepRecord(record, deps)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

/**
 * Sweeps one record's account-region; false when it failed. On the last
 * delivery SQS will make, an account-region that could not be swept, or
 * whose result could not be stored, is recorded as failed, so that the
 * sweep still completes and its digest goes out.
 */
export async function sweepRecord(
  record: QueueRecord,
  deps: WorkerDeps,
): Promise<boolean> {
  const parsed = parseSweepMessage(record.body);
  if (!parsed.ok) {
    deps.logger.error('malformed sweep message', {
      messageId: record.messageId, problem: parsed.problem });
    return false;
  }
  const message = parsed.message;
  const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  const last = receives >= deps.maxReceives;
  let sweep: RegionSweep;
  try {
    sweep = await sweepRegion(message.account, message.region,
      deps.change, message.sweepId);
  } catch (error) {
    const reason = rootFailure(error);
    deps.logger.error('sweep of an account-region failed', {
      messageId: record.messageId, ...message, receives, last,
      error: reason });
    if (last) await recordFailed(message, reason, deps);
    return false;
  }
  logRegion(deps.logger, message, sweep);
  await notifySweep(sweep, message.sweepId, { ...deps, log: deps.change.log,
    now: deps.change.now });
  const result = regionResult(sweep, message.sweepId, deps.change.now());
  const problem = await report(message, result, deps, last ? LAST_TRIES : 1);
  if (problem === undefined) return true;
  if (last && problem.stored === false) {
    await recordFailed(message, `its result could not be stored: ` +
      problem.error, deps);
  }
  return false;
}

/** Records an account-region as failed for good: the last delivery's. */
async function recordFailed(
  message: SweepMessage,
  reason: string,
  deps: WorkerDeps,
): Promise<void> {
  await report(message, failedResult(message, reason, deps.change.now(),
    deps.change.bundle.version), deps, LAST_TRIES);
}

/** What went wrong storing a result: storing it, or finishing after. */
interface ReportProblem {
  stored: boolean;
  error: string;
}

/**
 * Stores a result and, when it was the sweep's last, finishes the sweep,
 * each tried up to `tries` times. Undefined when that went well.
 */
async function report(
  message: SweepMessage,
  result: SweepRegionResult,
  deps: WorkerDeps,
  tries: number,
): Promise<ReportProblem | undefined> {
  const where = { ...message, status: result.status };
  const tried = { attempts: tries, baseDelayMs: LAST_PAUSE_MS };
  let progress: Awaited<ReturnType<SweepStore['record']>>;
  try {
    progress = await retry(() => deps.sweeps.record(result), tried);
  } catch (error) {
    deps.logger.error('could not record an account-region', { ...where,
      tries, error: (error as Error).message });
    return { stored: false, error: (error as Error).message };
  }
  if (!progress) {
    deps.logger.warn('result of an unknown sweep kept, not counted', {
      ...message });
    return undefined;
  }
  if (progress.done < progress.expected || progress.digest === 'sent') {
    return undefined;
  }
  // Known shortcoming: when finishing fails on the last delivery too,
  // every account-region is in and nothing looks at the sweep again, so
  // its digest is not sent (the summary can still be built from the
  // stored results).
  try {
    await retry(() => finishSweep(message.sweepId, {
      sweeps: deps.sweeps, dispatcher: deps.dispatcher,
      logger: deps.logger, now: deps.change.now }), tried);
    return undefined;
  } catch (error) {
    deps.logger.error('could not finish the sweep', { ...where, tries,
      error: (error as Error).message });
    return { stored: true, error: (error as Error).message };
  }
}

function logRegion(
  logger: DecisionLogger,
  message: SweepMessage,
  sweep: RegionSweep,
): void {
  const kinds: Record<string, number> = {};
  for (const f of sweep.evaluation.findings) {
    kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  }
  const base = { sweepId: message.sweepId, account: sweep.account,
    region: sweep.region, dryRun: sweep.dryRun };
  logger.info('sweep region', { ...base, ...sweep.evaluation.stats,
    findings: kinds, intentVersion: sweep.intentVersion,
    ...(sweep.pending.length ? { pending: sweep.pending.length } : {}),
    ...(sweep.budget ? { budget: sweep.budget } : {}) });
  for (const o of sweep.actions) {
    const failed = o.status === 'failed' || o.status === 'partial';
    logger[failed ? 'error' : 'info'](`action: ${o.action.kind}`, {
      ...base, groupId: o.action.groupId, status: o.status,
      size: o.action.size, entryIds: o.entryIds,
      ...(o.errors.length ? { errors: o.errors } : {}),
      ...(o.note ? { note: o.note } : {}) });
  }
  logPending(logger, base, sweep.pending);
}
