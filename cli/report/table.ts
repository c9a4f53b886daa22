import type { Finding } from '../../shared/engine/index.ts';
import { SEVERITIES, type Severity } from '../../shared/profiles/types.ts';
import { paint, type Io } from '../io.ts';
import type { Report } from './summary.ts';

type Colors = ReturnType<typeof paint>;

function severityColor(c: Colors, severity: Severity): (s: string) => string {
  switch (severity) {
    case 'critical':
      return (s) => c.bold(c.red(s));
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.dim;
  }
}

/** What the finding is about: the rule, else its message. */
function subject(f: Finding): string {
  if (!f.rule) return f.message;
  const way = f.direction === 'egress' ? 'to' : 'from';
  const ports = f.rule.protocol === 'all' ? '' : ` ${f.rule.ports}`;
  const what = `${f.direction} ${f.rule.protocol}${ports} ${way} ` +
    f.rule.peer;
  return f.kind === 'missing-required-rule' ? `${what} (absent)` : what;
}

function policy(f: Finding): string {
  if (f.profile && f.policyRule) return `${f.profile}/${f.policyRule}`;
  return f.exemption ?? '';
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

function worst(findings: Finding[]): number {
  return Math.max(...findings.map((f) => rank(f.severity)));
}

/** Findings by group, the groups with the worst drift first. */
function byGroup(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.account}/${f.region}/${f.groupId}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].sort((a, b) => worst(b) - worst(a));
}

function groupTable(findings: Finding[], c: Colors): string[] {
  const first = findings[0]!;
  const title = [first.groupId, first.groupName, first.vpcId,
    `${first.account} ${first.region}`].filter(Boolean).join('  ');
  const rows = findings.map((f) => [
    f.severity, f.kind, subject(f), policy(f), f.action,
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((row, n) => {
    const cells = row.map((cell, i) =>
      i < widths.length ? cell.padEnd(widths[i]!) : cell);
    cells[0] = severityColor(c, findings[n]!.severity)(cells[0]!);
    return `  ${cells.join('  ').trimEnd()}`;
  });
  return [c.bold(title), ...lines, ''];
}

function footer(report: Report, c: Colors): string {
  const s = report.summary;
  const severities = (Object.entries(s.bySeverity) as [Severity, number][])
    .filter(([, n]) => n > 0).reverse()
    .map(([sev, n]) => severityColor(c, sev)(`${n} ${sev}`)).join(', ');
  const lines = [
    `${s.findings} findings${severities ? ` (${severities})` : ''} in ` +
      `${s.groups} groups, ${s.rules} rules, ${s.interfaces} interfaces ` +
      `of ${s.scanned.length} account-region(s); intent ${s.intentVersion}`,
  ];
  if (s.suppressed > 0) {
    lines.push(`${s.suppressed} suppressed by exemptions in force`);
  }
  if (s.failOn) {
    lines.push(`${s.failing} at or above --fail-on ${s.failOn}`);
  }
  for (const u of s.unreachable ?? []) {
    lines.push(c.red(`not read: ${u.account} ${u.region}: ${u.error}`));
  }
  return lines.join('\n');
}

/**
 * Findings for people: one block per group, the worst drift first, each
 * line the severity, kind, rule (or message), deciding profile rule and
 * action; a summary at the end.
 */
export function tableReport(report: Report, io: Io): string {
  const c = paint(io);
  const parts = byGroup(report.findings).flatMap((g) => groupTable(g, c));
  if (report.findings.length === 0) parts.push(c.green('No drift found.'));
  parts.push(footer(report, c));
  return `${parts.join('\n')}\n`;
}
