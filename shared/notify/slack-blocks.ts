import type { SweepDigest } from './digest.ts';
import type { Notification, NotifiedFinding } from './model.ts';
import { subjectOf } from './sns.ts';
import { cut } from './text.ts';

/** A Block Kit block, as Slack's incoming webhooks take it. */
export type Block = Record<string, unknown>;

/** The body of one incoming-webhook post. */
export interface SlackMessage {
  /** The fallback shown in notifications and by screen readers. */
  text: string;
  blocks: Block[];
}

/** Findings listed in full; the rest are counted. */
const LISTED = 8;
/** Slack's limits: section text 3,000, header 150 characters. */
const SECTION = 3_000;
const HEADER = 150;

/** Text safe in Slack mrkdwn: `&`, `<` and `>` escaped. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * The Slack message of a decision: what changed and who changed it,
 * which profile rule decided each finding, what driftguard did (or would
 * do in dry run), the `driftguard release` command of each write, and a
 * button to the group in the console.
 */
export function slackMessage(n: Notification): SlackMessage {
  const blocks: Block[] = [
    header(`${n.severity.toUpperCase()}: drift on ${groupLabel(n)}`),
    section(changeText(n)),
    fields([
      `*Group*\n\`${n.group.id}\` ${escape(n.group.name ?? '')}`.trimEnd(),
      `*Account / region*\n${n.group.account} ${n.group.region}`,
      `*VPC*\n${n.group.vpcId ?? 'none'}`,
      `*Severity*\n${n.severity}`,
    ]),
  ];
  if (n.findings.length > 0) blocks.push(section(findingsText(n)));
  blocks.push(section(doneText(n)));
  const undo = undoText(n);
  if (undo) blocks.push(section(undo));
  blocks.push(consoleButton(n.group.consoleUrl));
  blocks.push(context(`driftguard · intent ${n.intentVersion ?? 'unknown'}` +
    ` · notification ${n.id}`));
  return { text: subjectOf(n), blocks };
}

/** The Slack message of a sweep digest: counts, and what lacks a tier. */
export function slackDigest(d: SweepDigest): SlackMessage {
  const counts = (table: Record<string, number>) => Object.entries(table)
    .sort(([, a], [, b]) => b - a).slice(0, 10)
    .map(([k, v]) => `${escape(k)}: ${v}`).join('\n') || 'none';
  const blocks: Block[] = [
    header(`driftguard sweep: ${d.total} findings`),
    fields([
      `*By severity*\n${counts(d.counts.bySeverity)}`,
      `*By kind*\n${counts(d.counts.byKind)}`,
      `*By profile*\n${counts(d.counts.byProfile)}`,
      `*By account*\n${counts(d.counts.byAccount)}`,
    ]),
  ];
  const lacking = d.lacking.map((l) => `• \`${escape(l.profile)}\`: ` +
    `${l.count} resource${l.count === 1 ? '' : 's'}`);
  if (lacking.length > 0) {
    blocks.push(section(`*Resources lacking a tier profile*\n` +
      lacking.join('\n')));
  }
  const writes = writesText(d.writes ?? {});
  if (writes) blocks.push(section(writes));
  if (d.budgetTripped.length > 0) {
    blocks.push(section(`*Budget tripped in* ${d.budgetTripped.join(', ')}`));
  }
  const lost = d.unreachable ?? [];
  if (lost.length > 0) {
    const shown = lost.slice(0, 10).map((u) =>
      `• ${u.account} ${u.region}: ${escape(cut(u.error, 150))}`);
    if (lost.length > shown.length) {
      shown.push(`…and ${lost.length - shown.length} more`);
    }
    blocks.push(section(cut(`*Not swept (unreachable)*\n${shown.join('\n')}`,
      SECTION)));
  }
  blocks.push(context(`driftguard · sweep ${escape(d.sweepId)}` +
    `${d.dryRun ? ' · dry run' : ''}`));
  return { text: `driftguard sweep: ${d.total} findings`, blocks };
}

/** What became of writes, in the order people care about. */
const WRITE_WORDS: [string, string][] = [
  ['failed', 'failed'],
  ['partial', 'done in part'],
  ['done', 'done'],
  ['skipped', 'stopped by a budget'],
  ['dry-run', 'would be made (dry run)'],
  ['unchanged', 'found nothing to change'],
];

function writesText(writes: Record<string, number>): string | undefined {
  const parts = WRITE_WORDS.filter(([status]) => (writes[status] ?? 0) > 0)
    .map(([status, words]) => `${writes[status]} ${words}`);
  return parts.length > 0 ? `*Writes:* ${parts.join(', ')}` : undefined;
}

function groupLabel(n: Notification): string {
  return n.group.name ? `${n.group.id} (${n.group.name})` : n.group.id;
}

function changeText(n: Notification): string {
  const c = n.change;
  if (!c) return `*Found by:* the ${n.trigger === 'sweep' ? 'scheduled sweep'
    : 'command line'}`;
  const from = c.sourceIp ? ` from ${escape(c.sourceIp)}` : '';
  return `*What changed:* \`${escape(c.eventName)}\` at ` +
    `${escape(c.eventTime)}\n` +
    `*Who changed it:* \`${escape(c.actorName)}\`${from}\n` +
    `${escape(c.reason)}`;
}

function findingsText(n: Notification): string {
  const shown = n.findings.slice(0, LISTED).map(findingLine);
  const more = n.findings.length - shown.length + (n.truncated ?? 0);
  if (more > 0) shown.push(`…and ${more} more`);
  const repeated = n.repeated ?? 0;
  if (repeated > 0) {
    shown.push(`…and ${repeated} alerted earlier, not repeated`);
  }
  return cut(`*Findings*\n${shown.join('\n')}`, SECTION);
}

function findingLine(f: NotifiedFinding): string {
  const what = f.rule ? `${f.direction} ${f.rule}` : f.message;
  const decided = f.decidedBy ? ` — decided by \`${escape(f.decidedBy)}\``
    : '';
  const notes = [f.resolved ? 'fixed' : '', f.repeat ? 'alerted before' : '']
    .filter((note) => note !== '');
  return `• *${f.severity}* \`${f.kind}\` ${escape(cut(what, 200))}` +
    decided + (notes.length > 0 ? ` _(${notes.join(', ')})_` : '');
}

function doneText(n: Notification): string {
  const lines = n.writes.slice(0, 10).map((w) =>
    `• ${escape(w.intent)} (${w.dryRun ? 'dry run' : w.status})`);
  const title = n.dryRun && !n.performed
    ? '*Dry run — driftguard changed nothing:*'
    : '*What driftguard did:*';
  const summary = n.summary.replace(/^dry run: /, '');
  return cut(`${title} ${escape(summary)}` +
    (lines.length > 0 ? `\n${lines.join('\n')}` : ''), SECTION);
}

function undoText(n: Notification): string | undefined {
  const commands = n.writes.flatMap((w) => (w.release ? [w.release] : []));
  if (commands.length === 0) return undefined;
  return cut(`*To undo:*\n\`\`\`${commands.map(escape).join('\n')}\`\`\``,
    SECTION);
}

function header(text: string): Block {
  return { type: 'header',
    text: { type: 'plain_text', text: cut(text, HEADER), emoji: false } };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function fields(texts: string[]): Block {
  return { type: 'section',
    fields: texts.map((text) => ({ type: 'mrkdwn', text: cut(text, 2_000) })),
  };
}

function consoleButton(url: string): Block {
  return { type: 'actions', elements: [{
    type: 'button',
    text: { type: 'plain_text', text: 'Open in the EC2 console' },
    url,
  }] };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
