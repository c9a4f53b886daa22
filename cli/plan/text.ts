import type {
  ActionItem,
  ChangedFinding,
  ChangePlan,
  DeltaFinding,
  GroupDelta,
} from '../../shared/plan/index.ts';
import { isEmpty } from '../../shared/plan/index.ts';
import { paint, type Io } from '../io.ts';
import {
  causeText,
  deploymentWords,
  groupOf,
  NO_CHANGE,
  subjectOf,
  summaryLine,
  tallyRows,
  whereOf,
  type Folders,
} from './words.ts';

type Colors = ReturnType<typeof paint>;

function header(plan: ChangePlan, folders: Folders, c: Colors): string[] {
  const s = plan.summary;
  return [
    c.bold(`plan: ${folders.base} (intent ${s.base}) → ${folders.head} ` +
      `(intent ${s.head})`),
    `  ${s.accountRegions} account-region(s), ${s.groups} groups` +
      deploymentWords(plan),
  ];
}

function groupLines(title: string, groups: GroupDelta[]): string[] {
  if (groups.length === 0) return [];
  return ['', title, ...groups.map((g) =>
    `  ${g.account} ${g.region}  ${groupOf(g)}  ` +
    `${g.base} → ${g.head} finding(s)`)];
}

function findingLines(
  sign: string,
  f: DeltaFinding,
  folders: Folders,
): string[] {
  return [
    `  ${sign} ${f.severity}  ${f.kind}  ${f.account} ${f.region}  ` +
      `${groupOf(f)}${f.networkInterfaceId ? ` ${f.networkInterfaceId}` : ''}`,
    `      ${subjectOf(f)}  → ${f.action}`,
    ...f.because.map((cause) =>
      `      ${causeText(cause)}  ${whereOf(cause, folders)}`),
  ];
}

function findingBlock(
  title: string,
  sign: string,
  list: DeltaFinding[],
  folders: Folders,
): string[] {
  if (list.length === 0) return [];
  return ['', title, ...list.flatMap((f) => findingLines(sign, f, folders))];
}

function changedBlock(list: ChangedFinding[]): string[] {
  if (list.length === 0) return [];
  return ['', 'findings judged anew', ...list.flatMap(({ head, changes }) => [
    `  ~ ${head.kind}  ${head.account} ${head.region}  ${groupOf(head)}  ` +
      subjectOf(head),
    `      ${changes.join('; ')}`,
  ])];
}

function actionLines(plan: ChangePlan): string[] {
  const line = (sign: string) => (a: ActionItem) =>
    `  ${sign} ${a.text}  (${a.account} ${a.region})`;
  const { added, removed } = plan.actions;
  if (added.length + removed.length === 0) return [];
  return ['', 'enforcement would', ...added.map(line('+')),
    ...removed.map(line('- no longer'))];
}

function tallies(plan: ChangePlan): string[] {
  const s = plan.summary;
  if (s.added + s.removed === 0) return [];
  const block = (title: string, rows: string[][]) => {
    const width = Math.max(...rows.map((r) => r[0]!.length));
    return [`  ${title}`, ...rows.map(([name, plus, minus]) =>
      `    ${name!.padEnd(width)}  ${plus}  ${minus}`)];
  };
  return ['', 'by account, profile and kind',
    ...block('account', tallyRows(s.byAccount)),
    ...block('profile', tallyRows(s.byProfile)),
    ...block('kind', tallyRows(s.byKind))];
}

/** The plan for a terminal: summary, groups, findings, writes, tallies. */
export function planText(
  plan: ChangePlan,
  folders: Folders,
  io: Io,
): string {
  const c = paint(io);
  if (isEmpty(plan)) {
    return [...header(plan, folders, c), NO_CHANGE, ''].join('\n');
  }
  return [
    ...header(plan, folders, c),
    summaryLine(plan),
    ...groupLines('groups that start to drift', plan.groups.drifting),
    ...groupLines('groups that become clean', plan.groups.clean),
    ...findingBlock('new findings', c.red('+'), plan.added, folders),
    ...findingBlock('gone findings', c.green('-'), plan.removed, folders),
    ...changedBlock(plan.changed),
    ...actionLines(plan),
    ...tallies(plan),
    '',
  ].join('\n');
}
