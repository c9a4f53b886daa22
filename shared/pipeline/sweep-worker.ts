import { rootFailure } from '../aws/errors.ts';
import { buildNotification } from '../notify/build.ts';
import type { Dispatcher } from '../notify/dispatcher.ts';
import type { SweepStore } from '../store/sweep-types.ts';
import type { ChangeDeps } from './handle.ts';
import type { DecisionLogger } from './log.ts';
import { sweepRegion, type RegionSweep } from './region.ts';
import { finishSweep } from './sweep-finish.ts';
import { parseSweepMessage, type SweepMessage } from './sweep-message.ts';
import { sweepWriteDecisions } from './sweep-notify.ts';
import { failedResult, regionResult } from './sweep-result.ts';

/** What the sweep worker reads, writes, records and tells with. */
export interface WorkerDeps {
  change: ChangeDeps;
  sweeps: SweepStore;
  dispatcher: Pick<Dispatcher, 'dispatch' | 'dispatchDigest'>;
  logger: DecisionLogger;
  /** Deliveries of a message before SQS gives up on it. */
  maxReceives: number;
  /** Tier profiles, for the resources lacking each. */
  tiers: string[];
}

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

/** Sweeps one record's account-region; false when it failed. */
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
  let sweep: RegionSweep;
  try {
    sweep = await sweepRegion(message.account, message.region,
      deps.change, message.sweepId);
  } catch (error) {
    await giveUp(record, message, error, deps);
    return false;
  }
  logRegion(deps.logger, message, sweep);
  try {
    await notifyWrites(sweep, deps);
    await report(message, regionResult(sweep, message.sweepId,
      deps.change.now(), deps.tiers), deps);
    return true;
  } catch (error) {
    deps.logger.error('could not record a swept account-region', {
      messageId: record.messageId, ...message,
      error: (error as Error).message });
    return false;
  }
}

async function notifyWrites(sweep: RegionSweep, deps: WorkerDeps) {
  const decisions = await sweepWriteDecisions(sweep, deps.change.log);
  await Promise.all(decisions.map((d) =>
    deps.dispatcher.dispatch(buildNotification(d))));
}

/** Stores a result and, when it was the sweep's last, finishes the sweep. */
async function report(
  message: SweepMessage,
  result: Parameters<SweepStore['record']>[0],
  deps: WorkerDeps,
): Promise<void> {
  const progress = await deps.sweeps.record(result);
  if (!progress) {
    deps.logger.warn('result of an unknown sweep kept, not counted', {
      ...message });
    return;
  }
  if (progress.done < progress.expected || progress.digest === 'sent') return;
  await finishSweep(message.sweepId, { sweeps: deps.sweeps,
    dispatcher: deps.dispatcher, logger: deps.logger,
    now: deps.change.now });
}

/**
 * Logs a failed account-region; on the last delivery SQS will make, also
 * records it as unreachable so that the sweep still completes.
 */
async function giveUp(
  record: QueueRecord,
  message: SweepMessage,
  error: unknown,
  deps: WorkerDeps,
): Promise<void> {
  const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  const last = receives >= deps.maxReceives;
  const reason = rootFailure(error);
  deps.logger.error('sweep of an account-region failed', {
    messageId: record.messageId, ...message, receives, last, error: reason });
  if (!last) return;
  try {
    await report(message, failedResult(message, reason, deps.change.now(),
      deps.change.bundle.version), deps);
  } catch (failure) {
    deps.logger.error('could not record the failed account-region', {
      ...message, error: (failure as Error).message });
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
    ...(sweep.budget ? { budget: sweep.budget } : {}) });
  for (const o of sweep.actions) {
    const failed = o.status === 'failed' || o.status === 'partial';
    logger[failed ? 'error' : 'info'](`action: ${o.action.kind}`, {
      ...base, groupId: o.action.groupId, status: o.status,
      size: o.action.size, entryIds: o.entryIds,
      ...(o.errors.length ? { errors: o.errors } : {}),
      ...(o.note ? { note: o.note } : {}) });
  }
}
