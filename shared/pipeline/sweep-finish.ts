import type { DispatchReport, Dispatcher } from '../notify/dispatcher.ts';
import type { SweepDigest } from '../notify/digest.ts';
import { fitDigest, mergeDigests } from '../notify/digest-merge.ts';
import type { SweepStore } from '../store/sweep-types.ts';
import type { DecisionLogger } from './log.ts';

/**
 * How long a claim on a sweep's digest holds before another worker may
 * take it over: a worker that claimed it and died leaves it to the next.
 */
export const DIGEST_LEASE_MS = 5 * 60_000;

/** What finishing a sweep needs. */
export interface FinishDeps {
  sweeps: SweepStore;
  dispatcher: Pick<Dispatcher, 'dispatchDigest'>;
  logger: DecisionLogger;
  now(): Date;
}

/** A sweep's digest, and how its dispatch went. */
export interface SweepFinished {
  digest: SweepDigest;
  report: DispatchReport;
}

/**
 * The sweep's digest from every stored account-region result: the counts
 * of the swept ones added up, the failed ones listed as unreachable.
 */
export async function sweepDigest(
  sweeps: SweepStore,
  sweepId: string,
  at: Date,
): Promise<SweepDigest> {
  const [sweep, results] = await Promise.all([sweeps.get(sweepId),
    sweeps.results(sweepId)]);
  const swept = results.filter((r) => r.status === 'swept' && r.tally);
  const unreachable = results.filter((r) => r.status === 'failed')
    .map((r) => ({ account: r.account, region: r.region,
      error: r.error ?? 'unknown' }));
  return fitDigest(mergeDigests(swept.map((r) => r.tally!), {
    sweepId, at, dryRun: sweep?.dryRun ?? swept.some((r) => r.tally!.dryRun),
    unreachable,
  }));
}

/**
 * Finishes a sweep whose every account-region is in, once: claims the
 * digest (one worker wins), builds it, posts it to the channels and
 * keeps it on the sweep record. Undefined when another worker has it.
 */
export async function finishSweep(
  sweepId: string,
  deps: FinishDeps,
): Promise<SweepFinished | undefined> {
  const now = deps.now();
  if (!await deps.sweeps.claimDigest(sweepId, now, DIGEST_LEASE_MS)) {
    return undefined;
  }
  const digest = await sweepDigest(deps.sweeps, sweepId, now);
  // Posted before it is marked sent: a worker dying in between leaves
  // the claim to lapse and the digest to be posted again, never lost.
  const report = await deps.dispatcher.dispatchDigest(digest);
  await deps.sweeps.complete(sweepId, digest, now);
  deps.logger.info('sweep complete', { sweepId, findings: digest.total,
    severity: digest.severity, byKind: digest.counts.byKind,
    scanned: digest.scannedTotal ?? digest.scanned.length,
    unreachable: digest.unreachable?.length ?? 0,
    channels: report.channels.map((c) => `${c.channel}: ${c.status}`) });
  return { digest, report };
}
