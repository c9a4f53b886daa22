import type { Finding } from '../../shared/engine/index.ts';
import type { Severity } from '../../shared/profiles/types.ts';
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

function ruleCell(f: Finding): string {
  if (f.rule) {
    const way = f.direction === 'egress' ? 'to' : 'from';
    const ports = f.rule.protocol === 'all' ? '' : ` ${f.rule.ports}`;
    return `${f.direction} ${f.rule.protocol}${ports} ${way} ${f.rule.peer}`;
  }
  if (f.networkInterfaceId) return f.networkInterfaceId;
  return f.direction ?? '';
}

function policyCell(f: Finding): string {
  if (f.profile && f.policyRule) return `${f.profile}/${f.policyRule}`;
  return f.exemption ?? '';
}

const HEAD = ['SEVERITY', 'KIND', 'GROUP', 'RULE', 'POLICY', 'ACTION'];

function rows(findings: Finding[]): string[][] {
  return findings.map((f) => [
    f.severity, f.kind, f.groupId, ruleCell(f), policyCell(f), f.action,
  ]);
}

function layout(table: string[][], c: Colors, findings: Finding[]): string {
  const widths = HEAD.map((_, i) =>
    Math.max(...table.map((r) => r[i]!.length)));
  return table.map((row, n) => {
    const cells = row.map((cell, i) =>
      i === row.length - 1 ? cell : cell.padEnd(widths[i]!));
    if (n === 0) return c.bold(cells.join('  '));
    const finding = findings[n - 1]!;
    cells[0] = severityColor(c, finding.severity)(cells[0]!);
    return cells.join('  ');
  }).join('\n');
}

function footer(report: Report, c: Colors): string {
  const s = report.summary;
  const severities = (Object.entries(s.bySeverity) as [Severity, number][])
    .filter(([, n]) => n > 0).reverse()
    .map(([sev, n]) => severityColor(c, sev)(`${n} ${sev}`)).join(', ');
  const lines = [
    `${s.findings} findings${severities ? ` (${severities})` : ''} in ` +
      `${s.groups} groups, ${s.rules} rules, ${s.interfaces} interfaces; ` +
      `intent ${s.intentVersion}`,
  ];
  if (s.suppressed > 0) {
    lines.push(`${s.suppressed} suppressed by exemptions in force`);
  }
  if (s.failOn) {
    lines.push(`${s.failing} at or above --fail-on ${s.failOn}`);
  }
  return lines.join('\n');
}

/** Findings as an aligned table for people, with a summary under it. */
export function tableReport(report: Report, io: Io): string {
  const c = paint(io);
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.account} ${f.region}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const parts: string[] = [];
  for (const [where, findings] of groups) {
    parts.push(c.bold(`account ${where.replace(' ', ', region ')}`));
    parts.push(layout([HEAD, ...rows(findings)], c, findings));
    parts.push('');
  }
  if (report.findings.length === 0) parts.push(c.green('No drift found.'));
  parts.push(footer(report, c));
  return `${parts.join('\n')}\n`;
}
