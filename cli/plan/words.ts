import path from 'node:path';
import type { Finding } from '../../shared/engine/index.ts';
import type {
  Cause,
  ChangePlan,
  Side,
  Tally,
} from '../../shared/plan/index.ts';
import { SEVERITIES } from '../../shared/profiles/types.ts';

/** The profile folders of a plan, to name rules by file and line. */
export type Folders = Record<Side, string>;

/** `file:line` of a cause, in the folder of its side. */
export function whereOf(cause: Cause, folders: Folders): string {
  const file = path.join(folders[cause.side], cause.source.file);
  return `${file}:${cause.source.line}`;
}

const HOW: Record<Cause['how'], string> = {
  decides: 'decided by',
  approved: 'no longer approved by',
  approves: 'now approved by',
};

/** `no longer approved by prod/https-from-private`. */
export function causeText(cause: Cause): string {
  return `${HOW[cause.how]} ${cause.profile}/${cause.rule}`;
}

/** What a finding is about: its rule, else its message. */
export function subjectOf(f: Finding): string {
  if (!f.rule) return f.message;
  const way = f.direction === 'egress' ? 'to' : 'from';
  const ports = f.rule.protocol === 'all' ? '' : ` ${f.rule.ports}`;
  const what = `${f.direction} ${f.rule.protocol}${ports} ${way} ` +
    f.rule.peer;
  if (f.kind === 'missing-required-rule') return `${what} (absent)`;
  return f.ruleId ? `${what} (${f.ruleId})` : what;
}

/** `sg-… web-a` */
export function groupOf(f: Pick<Finding, 'groupId' | 'groupName'>): string {
  return f.groupName ? `${f.groupId} ${f.groupName}` : f.groupId;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function severities(plan: ChangePlan): string {
  const bySeverity = plan.summary.addedBySeverity;
  const parts = [...SEVERITIES].reverse()
    .filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * One line for the whole plan: `2 new findings (1 high, 1 medium),
 * 0 gone; 2 groups start to drift; enforcement: 3 writes added`.
 */
export function summaryLine(plan: ChangePlan): string {
  const s = plan.summary;
  const parts = [`${plural(s.added, 'new finding')}${severities(plan)}, ` +
    `${s.removed} gone`];
  if (s.changed) parts.push(`${plural(s.changed, 'finding')} judged anew`);
  const groups = [
    s.startDrifting ? `${plural(s.startDrifting, 'group')} start to drift`
      : '',
    s.becomeClean ? `${plural(s.becomeClean, 'group')} become clean` : '',
  ].filter(Boolean);
  if (groups.length) parts.push(groups.join(', '));
  parts.push(s.dryRun
    ? 'enforcement: none, in dry run'
    : `enforcement${s.cap ? ` (cap ${s.cap})` : ''}: ` +
      `${plural(s.actionsAdded, 'write')} added, ${s.actionsRemoved} dropped`);
  return parts.join('; ');
}

/** How the writes were planned: `; deployment cap alert`, `; dry run`. */
export function deploymentWords(plan: ChangePlan): string {
  const s = plan.summary;
  return (s.cap ? `; deployment cap ${s.cap}` : '') +
    (s.dryRun ? '; dry run, no writes' : '');
}

/** The line of an empty plan. */
export const NO_CHANGE = 'no change in findings or actions';

/** Rows of a tally: name, added, removed. */
export function tallyRows(tally: Record<string, Tally>): string[][] {
  return Object.entries(tally).map(([name, t]) =>
    [name, `+${t.added}`, `-${t.removed}`]);
}
