import type { Evaluation, Finding } from '../../shared/engine/index.ts';
import { atLeast, SnapshotIndex } from '../../shared/engine/index.ts';
import type {
  AttachmentMapping,
  IntentBundle,
  Layer,
} from '../../shared/profiles/types.ts';
import { SEVERITIES, type Severity } from '../../shared/profiles/types.ts';
import type {
  NetworkInterface,
  Snapshot,
} from '../../shared/snapshot/index.ts';

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

/** A security group of a swept account-region, with its binding. */
export interface GroupInfo {
  account: string;
  region: string;
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
  /** The binding's profile names; absent when the group has no binding. */
  binding?: string[];
  /** How many rules the group has. */
  rules: number;
  /** The interfaces that carry the group. */
  interfaces: string[];
}

/** A network interface of a swept account-region. */
export interface InterfaceInfo {
  account: string;
  region: string;
  networkInterfaceId: string;
  /** Its `Name` tag, else its description. */
  name?: string;
  vpcId?: string;
  groupIds: string[];
  /** The profiles its tags call for (the settings' attachment mappings). */
  wants: string[];
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

function tagsMatch(eni: NetworkInterface, mapping: AttachmentMapping) {
  const tags = new Map((eni.TagSet ?? []).map((t) => [t.Key, t.Value]));
  return Object.entries(mapping.tags).every(([k, v]) => tags.get(k) === v);
}

function interfaceInfo(
  snapshot: Snapshot,
  eni: NetworkInterface,
  mappings: AttachmentMapping[],
): InterfaceInfo {
  const name = eni.TagSet?.find((t) => t.Key === 'Name')?.Value ||
    eni.Description || undefined;
  return {
    account: snapshot.Account,
    region: snapshot.Region,
    networkInterfaceId: eni.NetworkInterfaceId ?? '',
    ...(name ? { name } : {}),
    ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
    groupIds: (eni.Groups ?? []).map((g) => g.GroupId ?? ''),
    wants: [...new Set(mappings.filter((m) => tagsMatch(eni, m))
      .map((m) => m.profile))],
  };
}

function groupsOf(
  snapshot: Snapshot,
  bundle: IntentBundle,
  interfaces: InterfaceInfo[],
): GroupInfo[] {
  const index = new SnapshotIndex(snapshot, bundle);
  const carriers = new Map<string, string[]>();
  for (const eni of interfaces) {
    for (const id of eni.groupIds) {
      const list = carriers.get(id);
      if (list) list.push(eni.networkInterfaceId);
      else carriers.set(id, [eni.networkInterfaceId]);
    }
  }
  return [...index.groups.values()].map((view) => ({
    account: snapshot.Account,
    region: snapshot.Region,
    groupId: view.id,
    groupName: view.group.GroupName ?? '',
    ...(view.group.VpcId ? { vpcId: view.group.VpcId } : {}),
    ...(view.group.Description
      ? { description: view.group.Description }
      : {}),
    ...(view.bindingTag === undefined ? {} : { binding: [...view.binding] }),
    rules: index.rulesOf(view).length,
    interfaces: carriers.get(view.id) ?? [],
  }));
}

/** The groups, interfaces and profiles a sweep of `snapshots` judged. */
export function inventoryOf(
  bundle: IntentBundle,
  snapshots: Snapshot[],
): Inventory {
  const mappings = bundle.settings.attachments;
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
    const own = (snapshot.NetworkInterfaces ?? [])
      .map((eni) => interfaceInfo(snapshot, eni, mappings));
    interfaces.push(...own);
    groups.push(...groupsOf(snapshot, bundle, own));
  }
  return { profiles, groups, interfaces };
}
