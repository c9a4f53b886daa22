import type {
  ActionItem,
  ChangePlan,
  DeltaFinding,
  GroupDelta,
} from '../../shared/plan/index.ts';
import { isEmpty } from '../../shared/plan/index.ts';
import {
  causeText,
  deploymentWords,
  NO_CHANGE,
  subjectOf,
  summaryLine,
  tallyRows,
  whereOf,
  type Folders,
} from './words.ts';

/** Tables longer than this fold into `<details>`. */
export const FOLD_AFTER = 10;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(heads: string[], rows: string[][]): string[] {
  return [
    `| ${heads.join(' | ')} |`,
    `|${heads.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** A titled table, folded when it is long or `fold` says so. */
function section(
  title: string,
  heads: string[],
  rows: string[][],
  fold = rows.length > FOLD_AFTER,
): string[] {
  if (rows.length === 0) return [];
  const body = table(heads, rows);
  if (!fold) return ['', `#### ${title}`, '', ...body];
  return ['', '<details>', `<summary>${title} (${rows.length})</summary>`,
    '', ...body, '', '</details>'];
}

const code = (text: string) => `\`${text}\``;

function groupRows(groups: GroupDelta[]): string[][] {
  return groups.map((g) => [g.account, g.region,
    `${code(g.groupId)} ${g.groupName ?? ''}`.trim(),
    `${g.base} → ${g.head}`]);
}

function findingRows(list: DeltaFinding[], folders: Folders): string[][] {
  return list.map((f) => [f.severity, f.kind, `${f.account} ${f.region}`,
    `${code(f.groupId)} ${f.groupName ?? ''}`.trim(), subjectOf(f), f.action,
    f.because.map((c) => `${causeText(c)} (${code(whereOf(c, folders))})`)
      .join('<br>')]);
}

function actionRows(plan: ChangePlan): string[][] {
  const row = (sign: string) => (a: ActionItem) =>
    [sign, a.text, `${a.account} ${a.region}`, a.because.join(', ')];
  return [...plan.actions.added.map(row('+')),
    ...plan.actions.removed.map(row('−'))];
}

function tallySection(plan: ChangePlan): string[] {
  const s = plan.summary;
  if (s.added + s.removed === 0) return [];
  const rows = [
    ...tallyRows(s.byAccount).map(([n, a, r]) => [`account ${n}`, a!, r!]),
    ...tallyRows(s.byProfile).map(([n, a, r]) => [`profile ${n}`, a!, r!]),
    ...tallyRows(s.byKind).map(([n, a, r]) => [`kind ${n}`, a!, r!]),
  ];
  return section('By account, profile and kind', ['', 'new', 'gone'], rows,
    true);
}

const FINDING_HEADS = ['severity', 'kind', 'account', 'group', 'rule',
  'action', 'because'];

/**
 * The plan as a pull-request comment: a summary line, then tables of the
 * groups, findings and writes that change; long tables fold.
 */
export function planMarkdown(plan: ChangePlan, folders: Folders): string {
  const s = plan.summary;
  const scope = `Intent ${code(s.base)} → ${code(s.head)} over ` +
    `${s.accountRegions} account-region(s), ${s.groups} groups` +
    `${deploymentWords(plan)}.`;
  if (isEmpty(plan)) {
    return `**driftguard plan**: ${NO_CHANGE}.\n\n${scope}\n`;
  }
  const changed = plan.changed.map(({ head, changes }) => [head.kind,
    `${head.account} ${head.region}`, code(head.groupId), subjectOf(head),
    changes.join('; ')]);
  return [
    `**driftguard plan**: ${summaryLine(plan)}.`,
    '',
    scope,
    ...section('Groups that start to drift',
      ['account', 'region', 'group', 'findings'],
      groupRows(plan.groups.drifting)),
    ...section('Groups that become clean',
      ['account', 'region', 'group', 'findings'],
      groupRows(plan.groups.clean)),
    ...section('New findings', FINDING_HEADS,
      findingRows(plan.added, folders)),
    ...section('Gone findings', FINDING_HEADS,
      findingRows(plan.removed, folders)),
    ...section('Findings judged anew',
      ['kind', 'account', 'group', 'rule', 'change'], changed),
    ...section('Enforcement', ['', 'write', 'account', 'because'],
      actionRows(plan)),
    ...tallySection(plan),
    '',
  ].join('\n');
}
