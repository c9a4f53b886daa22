import { jsonBytes } from './channel.ts';
import {
  UNKNOWN_TIER,
  type LackingProfile,
  type SweepDigest,
} from './digest.ts';
import { highest } from './text.ts';

/**
 * The most a digest's JSON should weigh: below what SNS (256 KiB with
 * attributes), EventBridge (256 KiB a request) and an SQS dead letter
 * (256 KiB with its envelope) take, and within a DynamoDB item.
 */
export const MAX_DIGEST_BYTES = 200_000;

/** Options of {@link mergeDigests}. */
export interface MergeOptions {
  sweepId: string;
  at?: Date;
  dryRun: boolean;
  /** Account-regions that could not be read, with why. */
  unreachable?: { account: string; region: string; error: string }[];
  /** Resource ids kept per lacking profile (default 20). */
  sample?: number;
}

/**
 * One digest from the digests of parts of a sweep (each account-region's
 * own): counts added up, lacking resources joined, account-regions and
 * tripped budgets listed once.
 */
export function mergeDigests(
  parts: SweepDigest[],
  options: MergeOptions,
): SweepDigest {
  const digest: SweepDigest = {
    version: 1,
    sweepId: options.sweepId,
    at: (options.at ?? new Date()).toISOString(),
    dryRun: options.dryRun,
    scanned: sortedPlaces(parts.flatMap((p) => p.scanned)),
    total: parts.reduce((n, p) => n + p.total, 0),
    severity: highest(parts.filter((p) => p.total > 0)
      .map((p) => p.severity)),
    counts: {
      bySeverity: addUp(parts.map((p) => p.counts.bySeverity)),
      byKind: addUp(parts.map((p) => p.counts.byKind)),
      byProfile: addUp(parts.map((p) => p.counts.byProfile)),
      byAccount: addUp(parts.map((p) => p.counts.byAccount)),
      byRegion: addUp(parts.map((p) => p.counts.byRegion)),
    },
    lacking: joinLacking(parts.map((p) => p.lacking), options.sample ?? 20),
    // Digests kept before writes were counted have none.
    writes: addUp(parts.map((p) => p.writes ?? {})),
    budgetTripped: [...new Set(parts.flatMap((p) => p.budgetTripped))]
      .sort(),
  };
  if (options.unreachable?.length) {
    digest.unreachable = sortedPlaces(options.unreachable);
  }
  return digest;
}

/**
 * The digest, or a copy whose `scanned` list is cut (its full length in
 * `scannedTotal`) and then whose unreachable list is cut, so its JSON
 * fits in `maxBytes`. Counts are never cut.
 */
export function fitDigest(
  digest: SweepDigest,
  maxBytes = MAX_DIGEST_BYTES,
): SweepDigest {
  if (jsonBytes(digest) <= maxBytes) return digest;
  const total = digest.scannedTotal ?? digest.scanned.length;
  let fitted: SweepDigest = { ...digest, scanned: [], scannedTotal: total };
  const keep = largest(digest.scanned.length, (n) =>
    jsonBytes({ ...fitted, scanned: digest.scanned.slice(0, n) }) <= maxBytes);
  fitted = { ...fitted, scanned: digest.scanned.slice(0, keep) };
  const lost = digest.unreachable;
  if (lost && jsonBytes(fitted) > maxBytes) {
    const room = largest(lost.length, (n) =>
      jsonBytes({ ...fitted, unreachable: lost.slice(0, n) }) <= maxBytes);
    fitted = { ...fitted, unreachable: lost.slice(0, room) };
  }
  return fitted;
}

/** The largest n in 0..max for which `fits(n)` holds (fits is monotone). */
function largest(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

function addUp(tables: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    for (const [key, n] of Object.entries(table)) {
      out[key] = (out[key] ?? 0) + n;
    }
  }
  return out;
}

function joinLacking(
  lists: LackingProfile[][],
  sample: number,
): LackingProfile[] {
  const byProfile = new Map<string, { count: number; resources: string[] }>();
  for (const entry of lists.flat()) {
    const seen = byProfile.get(entry.profile) ?? { count: 0, resources: [] };
    seen.count += entry.count;
    seen.resources.push(...entry.resources);
    byProfile.set(entry.profile, seen);
  }
  // Named tiers by name, the unknown one last, as buildDigest lists them.
  const last = (name: string) => (name === UNKNOWN_TIER ? 1 : 0);
  return [...byProfile]
    .sort(([a], [b]) => last(a) - last(b) || a.localeCompare(b))
    .map(([profile, seen]) => ({ profile, count: seen.count,
      resources: [...new Set(seen.resources)].sort().slice(0, sample) }));
}

function sortedPlaces<T extends { account: string; region: string }>(
  places: T[],
): T[] {
  return [...places].sort((a, b) => a.account.localeCompare(b.account) ||
    a.region.localeCompare(b.region));
}
