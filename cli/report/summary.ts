import type { Evaluation, Finding } from '../../shared/engine/index.ts';
import { atLeast } from '../../shared/engine/index.ts';
import { SEVERITIES, type Severity } from '../../shared/profiles/types.ts';

/** What one account-region sweep covered. */
export interface Scanned {
  account: string;
  region: string;
  groups: number;
  rules: number;
  interfaces: number;
}

/** The totals a report ends with. */
export interface Summary {
  intentVersion: string;
  scanned: Scanned[];
  groups: number;
  rules: number;
  interfaces: number;
  findings: number;
  suppressed: number;
  bySeverity: Record<Severity, number>;
  byKind: Record<string, number>;
  byAction: Record<string, number>;
  failOn?: Severity;
  /** How many findings are at or above failOn. */
  failing?: number;
}

/** Findings of every scanned account-region, with their summary. */
export interface Report {
  findings: Finding[];
  suppressed: Finding[];
  summary: Summary;
}

function count(findings: Finding[], key: (f: Finding) => string) {
  const out: Record<string, number> = {};
  for (const f of findings) out[key(f)] = (out[key(f)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort());
}

/** Gathers evaluations of several account-regions into one report. */
export function buildReport(
  intentVersion: string,
  runs: { scanned: Omit<Scanned, 'groups' | 'rules' | 'interfaces'>;
    evaluation: Evaluation }[],
  failOn?: Severity,
): Report {
  const findings = runs.flatMap((r) => r.evaluation.findings);
  const suppressed = runs.flatMap((r) => r.evaluation.suppressed);
  const scanned = runs.map((r) => ({ ...r.scanned, ...r.evaluation.stats }));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) =>
    [s, findings.filter((f) => f.severity === s).length])) as
    Record<Severity, number>;
  const summary: Summary = {
    intentVersion,
    scanned,
    groups: sum(scanned, 'groups'),
    rules: sum(scanned, 'rules'),
    interfaces: sum(scanned, 'interfaces'),
    findings: findings.length,
    suppressed: suppressed.length,
    bySeverity,
    byKind: count(findings, (f) => f.kind),
    byAction: count(findings, (f) => f.action),
  };
  if (failOn) {
    summary.failOn = failOn;
    summary.failing = findings.filter((f) => atLeast(f.severity, failOn))
      .length;
  }
  return { findings, suppressed, summary };
}

function sum(list: Scanned[], key: 'groups' | 'rules' | 'interfaces') {
  return list.reduce((n, s) => n + s[key], 0);
}
