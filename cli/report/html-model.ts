import type { Finding } from '../../shared/engine/index.ts';
import { SEVERITIES, type Severity } from '../../shared/profiles/types.ts';
import { append, groupKey } from '../../shared/report/keys.ts';
import type { GroupInfo, Report } from './summary.ts';

export { append, groupKey, placeKey } from '../../shared/report/keys.ts';

/** Higher is worse: low 0 … critical 3. */
export const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** The worst severity among findings, or undefined when there are none. */
export function worstOf(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) {
    if (!worst || rank(f.severity) > rank(worst)) worst = f.severity;
  }
  return worst;
}

/** How many findings there are of each severity. */
export function severityCounts(
  findings: readonly Finding[],
): Record<Severity, number> {
  const counts = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** One group with findings: what it is and what is wrong with it. */
export interface GroupDrift {
  key: string;
  account: string;
  region: string;
  groupId: string;
  groupName?: string;
  vpcId?: string;
  info?: GroupInfo;
  findings: Finding[];
  worst: Severity;
}

/** Groups by key, from the report's inventory. */
export function groupIndex(report: Report): Map<string, GroupInfo> {
  const groups = report.inventory?.groups ?? [];
  return new Map(groups.map((g) => [groupKey(g), g]));
}

function byWorst(a: GroupDrift, b: GroupDrift): number {
  return rank(b.worst) - rank(a.worst) ||
    b.findings.length - a.findings.length ||
    a.key.localeCompare(b.key);
}

/**
 * The groups with findings, worst drift first: by their worst finding
 * (critical first), then by how many findings, then by account, region
 * and group id.
 */
export function driftByGroup(report: Report): GroupDrift[] {
  const info = groupIndex(report);
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = groupKey(f);
    append(groups, key, f);
  }
  const out = [...groups].map(([key, findings]): GroupDrift => {
    const first = findings[0]!;
    return {
      key,
      account: first.account,
      region: first.region,
      groupId: first.groupId,
      groupName: first.groupName ?? info.get(key)?.groupName,
      vpcId: first.vpcId ?? info.get(key)?.vpcId,
      info: info.get(key),
      findings,
      worst: worstOf(findings)!,
    };
  });
  return out.sort(byWorst);
}

/** One bar of a chart: a label and its findings. */
export interface Bar {
  label: string;
  counts: Record<Severity, number>;
  total: number;
}

function bars(
  findings: readonly Finding[],
  label: (f: Finding) => string,
): Bar[] {
  const buckets = new Map<string, Finding[]>();
  for (const f of findings) {
    append(buckets, label(f), f);
  }
  return [...buckets].map(([name, list]) => ({
    label: name,
    counts: severityCounts(list),
    total: list.length,
  })).sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
}

/** Findings by kind, the most frequent first. */
export function barsByKind(findings: readonly Finding[]): Bar[] {
  return bars(findings, (f) => f.kind);
}

/** The bucket of findings no profile rule decided: unapproved rules. */
export const NO_ALLOW = '(no allow covers it)';
/** The bucket of the other findings no profile rule decided. */
export const NO_RULE = '(no profile rule)';

/**
 * Findings by the profile whose rule decided them, the most frequent
 * first; then unapproved rules (no allow covers them) and findings on
 * bindings and attachments, which no single profile rule decides.
 */
export function barsByProfile(findings: readonly Finding[]): Bar[] {
  const undecided = [NO_ALLOW, NO_RULE];
  return bars(findings, (f) =>
    f.profile ?? (f.kind === 'unapproved-rule' ? NO_ALLOW : NO_RULE))
    .sort((a, b) => undecided.indexOf(a.label) - undecided.indexOf(b.label));
}
