import type { Evaluation, Finding } from '../../shared/engine/index.ts';
import { atLeast } from '../../shared/engine/index.ts';
import type { IntentBundle, Layer } from '../../shared/profiles/types.ts';
import { SEVERITIES, type Severity } from '../../shared/profiles/types.ts';
import {
  regionInventory,
  type GroupInfo,
  type InterfaceInfo,
} from '../../shared/report/inventory.ts';
import type { Snapshot } from '../../shared/snapshot/index.ts';

export type {
  GroupInfo,
  InterfaceInfo,
} from '../../shared/report/inventory.ts';

/** What one account-region sweep covered. */
export interface Scanned {
  account: string;
  region: string;
  groups: number;
  rules: number;
  interfaces: number;
}

/** An account-region a live sweep could not read, and why. */
export interface Unreachable {
  account: string;
  region: string;
  error: string;
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
  /** Account-regions a live sweep could not read (absent: none). */
  unreachable?: Unreachable[];
}

/** A profile of the bundle a sweep judged by. */
export interface ProfileInfo {
  name: string;
  layer: Layer;
  version: number;
  description?: string;
  file: string;
  line: number;
}

/** What was swept, beyond the findings: groups, interfaces, profiles. */
export interface Inventory {
  profiles: ProfileInfo[];
  groups: GroupInfo[];
  interfaces: InterfaceInfo[];
}

/** Findings of every scanned account-region, with their summary. */
export interface Report {
  findings: Finding[];
  suppressed: Finding[];
  summary: Summary;
  /** Present when the snapshots and bundle were given to buildReport. */
  inventory?: Inventory;
  /** When the sweep ran (RFC 3339). */
  sweptAt?: string;
}

function count(findings: Finding[], key: (f: Finding) => string) {
  const out: Record<string, number> = {};
  for (const f of findings) out[key(f)] = (out[key(f)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort());
}

/** One account-region's evaluation, and the snapshot it judged. */
export interface Run {
  scanned: Omit<Scanned, 'groups' | 'rules' | 'interfaces'>;
  evaluation: Evaluation;
  snapshot?: Snapshot;
}

/** What else a report may carry: the bundle (for an inventory), a time. */
export interface ReportContext {
  bundle?: IntentBundle;
  sweptAt?: Date;
  unreachable?: Unreachable[];
}

/**
 * Gathers evaluations of several account-regions into one report; with a
 * bundle and the runs' snapshots, also an inventory of what was swept.
 */
export function buildReport(
  intentVersion: string,
  runs: Run[],
  failOn?: Severity,
  context: ReportContext = {},
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
  if (context.unreachable?.length) {
    summary.unreachable = context.unreachable;
  }
  const report: Report = { findings, suppressed, summary };
  if (context.bundle && runs.every((r) => r.snapshot)) {
    report.inventory = inventoryOf(context.bundle,
      runs.map((r) => r.snapshot!));
  }
  if (context.sweptAt) report.sweptAt = context.sweptAt.toISOString();
  return report;
}

function sum(list: Scanned[], key: 'groups' | 'rules' | 'interfaces') {
  return list.reduce((n, s) => n + s[key], 0);
}

/** The groups, interfaces and profiles a sweep of `snapshots` judged. */
export function inventoryOf(
  bundle: IntentBundle,
  snapshots: Snapshot[],
): Inventory {
  const profiles = Object.values(bundle.profiles).map((p) => ({
    name: p.name,
    layer: p.layer,
    version: p.version,
    ...(p.description ? { description: p.description } : {}),
    file: p.source.file,
    line: p.source.line,
  }));
  const groups: GroupInfo[] = [];
  const interfaces: InterfaceInfo[] = [];
  for (const snapshot of snapshots) {
    const own = regionInventory(bundle, snapshot);
    interfaces.push(...own.interfaces);
    groups.push(...own.groups);
  }
  return { profiles, groups, interfaces };
}
