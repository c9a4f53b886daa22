import type { Finding } from '../engine/types.ts';
import type { Severity } from '../profiles/types.ts';
import { highest } from './text.ts';

/** Resources that lack one tier profile. */
export interface LackingProfile {
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
  budgetTripped?: string[];
  /** Resource ids listed per lacking profile (default 20). */
  sample?: number;
}

/**
 * The digest of a sweep's findings. A resource lacks a profile when an
 * `attachment-missing-profile` finding names that profile (`profile`).
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
    lacking: lacking(findings, options.tiers, options.sample ?? 20),
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

function lacking(
  findings: Finding[],
  tiers: string[] | undefined,
  sample: number,
): LackingProfile[] {
  const byProfile = new Map<string, Set<string>>();
  for (const tier of tiers ?? []) byProfile.set(tier, new Set());
  for (const f of findings) {
    if (f.kind !== 'attachment-missing-profile') continue;
    const profile = f.profile ?? '(unnamed)';
    if (tiers && !tiers.includes(profile)) continue;
    const set = byProfile.get(profile) ?? new Set<string>();
    set.add(f.networkInterfaceId || f.groupId);
    byProfile.set(profile, set);
  }
  return [...byProfile].sort(([a], [b]) => a.localeCompare(b))
    .map(([profile, set]) => ({
      profile,
      count: set.size,
      resources: [...set].sort().slice(0, sample),
    }));
}
