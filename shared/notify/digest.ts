import type { Finding } from '../engine/types.ts';
import type { Severity } from '../profiles/types.ts';
import type { RegionInventory } from '../report/inventory.ts';
import { tierGaps } from '../report/lacking.ts';
import { highest } from './text.ts';

/** The name a digest gives resources whose tier cannot be told. */
export const UNKNOWN_TIER = '(unknown tier)';

/** Resources that lack one tier profile. */
export interface LackingProfile {
  /** The tier profile, or {@link UNKNOWN_TIER}. */
  profile: string;
  count: number;
  /** Interface (or group) ids, the first `sample` of them. */
  resources: string[];
}

/** One message per sweep: what it found, counted, not listed. */
export interface SweepDigest {
  version: 1;
  sweepId: string;
  at: string;
  dryRun: boolean;
  scanned: { account: string; region: string }[];
  /**
   * Account-regions swept, when `scanned` lists only some of them to keep
   * the digest within a message's size (see fitDigest).
   */
  scannedTotal?: number;
  /** Account-regions that could not be read, with why. */
  unreachable?: { account: string; region: string; error: string }[];
  total: number;
  severity: Severity;
  counts: {
    bySeverity: Record<string, number>;
    byKind: Record<string, number>;
    byProfile: Record<string, number>;
    byAccount: Record<string, number>;
    byRegion: Record<string, number>;
  };
  /** Per tier profile, the resources that should carry it and do not. */
  lacking: LackingProfile[];
  /**
   * Writes by what became of them: `done`, `partial`, `failed`,
   * `unchanged`, `dry-run` (what a dry run would have done), `skipped`
   * (a budget stopped them).
   */
  writes: Record<string, number>;
  /** Accounts whose write budget tripped during the sweep. */
  budgetTripped: string[];
}

/** Options of {@link buildDigest}. */
export interface DigestOptions {
  sweepId: string;
  at?: Date;
  dryRun: boolean;
  scanned: { account: string; region: string }[];
  /** Tier profiles to report lacking resources of, even when none do. */
  tiers?: string[];
  /** The groups and interfaces swept, which tell a group's tier. */
  inventory?: RegionInventory;
  /** Writes by status. */
  writes?: Record<string, number>;
  budgetTripped?: string[];
  /** Resource ids listed per lacking profile (default 20). */
  sample?: number;
}

/**
 * The digest of a sweep's findings. Which resources lack each tier is
 * what the HTML report says too (shared/report/lacking.ts); without an
 * inventory, the tier of a group without a usable binding is unknown.
 */
export function buildDigest(
  findings: Finding[],
  options: DigestOptions,
): SweepDigest {
  return {
    version: 1,
    sweepId: options.sweepId,
    at: (options.at ?? new Date()).toISOString(),
    dryRun: options.dryRun,
    scanned: options.scanned,
    total: findings.length,
    severity: highest(findings.map((f) => f.severity)),
    counts: {
      bySeverity: countBy(findings, (f) => f.severity),
      byKind: countBy(findings, (f) => f.kind),
      byProfile: countBy(findings, (f) => f.profile),
      byAccount: countBy(findings, (f) => f.account),
      byRegion: countBy(findings, (f) => f.region),
    },
    lacking: lacking(findings, options, options.sample ?? 20),
    writes: { ...options.writes },
    budgetTripped: [...new Set(options.budgetTripped ?? [])].sort(),
  };
}

function countBy(
  findings: Finding[],
  key: (f: Finding) => string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) {
    const k = key(f);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

// A resource is listed once per tier and account-region: the count is
// theirs, and ids (unique in AWS) are listed once.
function lacking(
  findings: Finding[],
  options: DigestOptions,
  sample: number,
): LackingProfile[] {
  const gaps = tierGaps(findings, { tiers: options.tiers ?? [],
    ...options.inventory });
  return gaps.map((g) => ({
    profile: g.tier ?? UNKNOWN_TIER,
    count: g.resources.length,
    resources: [...new Set(g.resources.map((r) => r.id))].sort()
      .slice(0, sample),
  }));
}
