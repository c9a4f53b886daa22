import { buildDigest } from '../notify/digest.ts';
import type { IntentBundle } from '../profiles/types.ts';
import type {
  AccountRegion,
  SweepRegionResult,
} from '../store/sweep-types.ts';
import type { RegionSweep } from './region.ts';
import { pendingSummary } from './versions.ts';

/** The tier profiles of a bundle, sorted: what the digest reports on. */
export function tiersOf(bundle: IntentBundle): string[] {
  return Object.values(bundle.profiles).filter((p) => p.layer === 'tier')
    .map((p) => p.name).sort();
}

/** A sweep's writes counted by what became of them. */
function writesOf(sweep: RegionSweep): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of sweep.actions) out[o.status] = (out[o.status] ?? 0) + 1;
  return out;
}

/**
 * What an account-region of a sweep came to, to store: its findings
 * counted (a digest of it alone, to be added up with the others), with
 * the resources lacking each tier as the bundle that judged reads the
 * snapshot, its writes by status and the budget that tripped, if one did.
 */
export function regionResult(
  sweep: RegionSweep,
  sweepId: string,
  at: Date,
): SweepRegionResult {
  const place = { account: sweep.account, region: sweep.region };
  const pending = pendingSummary(sweep.pending);
  const writes = writesOf(sweep);
  const tally = buildDigest(sweep.evaluation.findings, {
    sweepId, at, dryRun: sweep.dryRun, scanned: [place],
    tiers: sweep.tiers, inventory: sweep.inventory,
    writes, budgetTripped: sweep.budget ? [sweep.account] : [],
  });
  return {
    sweepId, ...place, at: at.toISOString(), status: 'swept', tally,
    stats: sweep.evaluation.stats, writes,
    ...(sweep.budget ? { budget: sweep.budget } : {}),
    ...(pending ? { pending } : {}),
    intentVersion: sweep.intentVersion,
  };
}

/** The result of an account-region that could not be swept. */
export function failedResult(
  place: AccountRegion & { sweepId: string },
  error: string,
  at: Date,
  intentVersion: string,
): SweepRegionResult {
  return {
    sweepId: place.sweepId, account: place.account, region: place.region,
    at: at.toISOString(), status: 'failed', writes: {}, error,
    intentVersion,
  };
}
