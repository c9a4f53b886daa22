import type { Action, Finding, RuleView } from '../engine/types.ts';
import type { Actor } from '../events/types.ts';
import { SEVERITIES, type Severity } from '../profiles/types.ts';
import { consoleHost } from './partition.ts';

/** The EC2 console page of a security group, in its partition's console. */
export function consoleUrl(region: string, groupId: string): string {
  return `https://${consoleHost(region)}/ec2/home?region=` +
    `${region}#SecurityGroup:groupId=${groupId}`;
}

/** Where `driftguard release` finds an entry: the table and its region. */
export interface ReleasePlace {
  table?: string;
  region?: string;
}

/**
 * The command that undoes the write of an audit entry, to run as it is
 * printed: with the table and its region when they are known, and each
 * word quoted for a shell where it needs it (an entry id holds `#`).
 */
export function releaseCommand(
  auditId: string,
  where: ReleasePlace = {},
): string {
  const words = ['driftguard', 'release', auditId,
    ...where.table ? ['--table', where.table] : [],
    ...where.region ? ['--region', where.region] : []];
  return words.map(shellWord).join(' ');
}

/** A word as a POSIX shell (and zsh) reads it back unchanged. */
function shellWord(word: string): string {
  if (/^[\w./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Identifies a finding on its group across evaluations: its kind and
 * whatever it is about (rule, profile rule, interface, exemption).
 */
export function findingKey(finding: Finding): string {
  const decidedBy = finding.policyRule &&
    `${finding.profile ?? ''}/${finding.policyRule}`;
  const rule = finding.ruleId ??
    (finding.rule && `${finding.direction} ${ruleText(finding.direction,
      finding.rule)}`);
  return [finding.kind, rule, decidedBy, finding.networkInterfaceId,
    finding.exemption]
    .filter((part) => part !== undefined && part !== '').join('#');
}

/** A rule in a few words: `tcp 22 from 0.0.0.0/0`. */
export function ruleText(
  direction: string | undefined,
  rule: RuleView,
): string {
  const way = direction === 'egress' ? 'to' : 'from';
  const ports = rule.protocol === 'all' ? '' : ` ${rule.ports}`;
  return `${rule.protocol}${ports} ${way} ${rule.peer}`;
}

/** Who made a call, short: `assumed-role/Dev/alice`, `user/bob`, `root`. */
export function actorName(actor: Actor): string {
  if (actor.type === 'Root') return 'root';
  if (actor.type === 'AWSService' && actor.invokedBy) return actor.invokedBy;
  const resource = actor.arn?.split(':').slice(5).join(':');
  if (resource) return resource;
  return actor.userName ?? actor.principalId ?? actor.type;
}

/** The highest of some severities; `low` when there are none. */
export function highest(severities: Iterable<Severity>): Severity {
  let rank = 0;
  for (const s of severities) rank = Math.max(rank, SEVERITIES.indexOf(s));
  return SEVERITIES[rank] ?? 'low';
}

/** The values that are set, each once, sorted. */
export function distinct<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))].sort();
}

/** The strongest of some actions; `none` when there are none. */
export function strongest(actions: Iterable<Action>): Action {
  const order: Action[] = ['none', 'alert', 'rollback', 'quarantine'];
  let rank = 0;
  for (const a of actions) rank = Math.max(rank, order.indexOf(a));
  return order[rank] ?? 'none';
}

const DONE: Record<Action, string> = {
  none: 'took no action',
  alert: 'alerted',
  rollback: 'rolled back',
  quarantine: 'quarantined',
};

const VERB: Record<Action, string> = {
  none: 'act',
  alert: 'alert',
  rollback: 'roll back',
  quarantine: 'quarantine',
};

/**
 * An action in words: `rolled back` when done, `would roll back` in dry
 * run, `failed to roll back` when the writes failed.
 */
export function actionWords(
  action: Action,
  how: 'done' | 'would' | 'failed',
): string {
  if (how === 'done') return DONE[action];
  return `${how === 'would' ? 'would' : 'failed to'} ${VERB[action]}`;
}

/** Text made safe for one line of ASCII: SNS subjects accept no other. */
export function asciiLine(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ').trim();
}

/** Text cut to `max` characters, with `...` where it was cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
