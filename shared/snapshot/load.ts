import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ruleText } from '../engine/describe.ts';
import {
  RuleShapeError,
  ruleKey,
  ruleOfSecurityGroupRule,
  rulesOfGroup,
  type Rule,
} from '../rules/index.ts';
import { snapshotSchema, TOP_LEVEL_KEYS } from './schema.ts';
import type { SecurityGroup, Snapshot } from './types.ts';

/** One thing wrong with a snapshot, at a JSON path like `$.A[3].B`. */
export interface SnapshotIssue {
  readonly path: string;
  readonly message: string;
}

/** A snapshot that cannot be read; names the file and every issue. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
  readonly source: string;
  readonly issues: readonly SnapshotIssue[];

  constructor(source: string, issues: SnapshotIssue[], cause?: unknown) {
    const lines = issues.map((i) => `${source}: ${i.path}: ${i.message}`);
    super(lines.join('\n'), { cause });
    this.source = source;
    this.issues = issues;
  }
}

function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) =>
    typeof p === 'number' ? `[${p}]` : `.${String(p)}`).join('');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} ` +
      `(expected ${Object.keys(TOP_LEVEL_KEYS).join(', ')})`;
  }
  if (issue.code === 'invalid_type' &&
    valueAt(value, issue.path) === undefined) {
    const top = issue.path.length === 1
      ? TOP_LEVEL_KEYS[String(issue.path[0])]
      : undefined;
    return `missing (expected ${top ?? issue.expected})`;
  }
  return issue.message;
}

/** A rule of SecurityGroupRules, with where it is. */
interface Listed {
  readonly rule: Rule;
  readonly path: string;
}

/** How many disagreeing groups are named one by one, then counted. */
const MAX_GROUPS_SHOWN = 20;
/** How many differences one group's issue names. */
const MAX_DIFFERENCES_SHOWN = 5;

/** Collects rule shape errors as issues, in the order of the file. */
class RuleIssues {
  readonly groups: SnapshotIssue[] = [];
  private readonly entries: [number, SnapshotIssue][] = [];

  /** Reads `read`, or records why it cannot be read. */
  attempt<T>(read: () => T, entry?: number): T | undefined {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof RuleShapeError)) throw error;
      const issue = { path: error.path, message: error.detail };
      if (entry === undefined) this.groups.push(issue);
      else this.entries.push([entry, issue]);
      return undefined;
    }
  }

  /** Every issue about a rule entry, in the order of the entries. */
  ofEntries(): SnapshotIssue[] {
    return this.entries.sort((a, b) => a[0] - b[0]).map(([, i]) => i);
  }
}

/**
 * Every rule must read as a rule, every listed rule must belong to a
 * group of the snapshot, and where a group comes in both shapes they must
 * hold the same rules; collects what does not. Rules are read group by
 * group, so only one group's are held at a time.
 */
function checkRules(snapshot: Snapshot): SnapshotIssue[] {
  const read = new RuleIssues();
  const entries = snapshot.SecurityGroupRules;
  const byGroup = new Map<string, number[]>();
  for (const group of snapshot.SecurityGroups) {
    byGroup.set(group.GroupId ?? '', []);
  }
  const strangers: SnapshotIssue[] = [];
  entries?.forEach((entry, i) => {
    const id = entry.GroupId ?? '';
    const own = byGroup.get(id);
    if (own) {
      own.push(i);
      return;
    }
    const path = `$.SecurityGroupRules[${i}]`;
    read.attempt(() => ruleOfSecurityGroupRule(entry, path), i);
    strangers.push({ path: `${path}.GroupId`,
      message: `${id} is not among SecurityGroups` });
  });
  const disagreements: SnapshotIssue[] = [];
  snapshot.SecurityGroups.forEach((group, i) => {
    const id = group.GroupId ?? '';
    const grouped = read.attempt(() =>
      rulesOfGroup(group, `$.SecurityGroups[${i}]`));
    const listed = (byGroup.get(id) ?? []).map((n) => {
      const path = `$.SecurityGroupRules[${n}]`;
      const rule = read.attempt(() =>
        ruleOfSecurityGroupRule(entries![n]!, path), n);
      return rule && { rule, path };
    });
    if (!entries || !grouped || !hasGroupedShape(group)) return;
    if (listed.some((l) => !l)) return;
    const message = disagreement(grouped, listed as Listed[],
      snapshot.Account);
    if (message) {
      disagreements.push({ path: `$.SecurityGroups[${i}]`,
        message: `${id}: ${message}` });
    }
  });
  const more = disagreements.length - MAX_GROUPS_SHOWN;
  return [
    ...read.groups, ...read.ofEntries(), ...strangers,
    ...disagreements.slice(0, MAX_GROUPS_SHOWN),
    ...more > 0 ? [{ path: '$.SecurityGroupRules', message: `${more} more ` +
      'groups whose rules disagree with their IpPermissions' }] : [],
  ];
}

/**
 * True when the group comes with its grouped permissions. An export of
 * describe-security-groups always has both keys (`[]` when empty); a
 * group without either was written from SecurityGroupRules alone.
 */
function hasGroupedShape(group: SecurityGroup): boolean {
  return group.IpPermissions !== undefined ||
    group.IpPermissionsEgress !== undefined;
}

/**
 * What differs between a group's grouped permissions and its entries of
 * SecurityGroupRules, compared by rule key (description aside), or
 * undefined when they hold the same rules. Both are read from the same
 * account at nearly the same moment, so a difference means the export
 * was cut between two changes or edited by hand: which shape is right
 * cannot be told, and the snapshot is refused rather than judged on one.
 */
function disagreement(
  grouped: readonly Rule[],
  listed: readonly Listed[],
  account: string,
): string | undefined {
  const left = new Map<string, number>();
  for (const rule of grouped) {
    const key = ruleKey(rule);
    left.set(key, (left.get(key) ?? 0) + 1);
  }
  const differences: string[] = [];
  for (const { rule, path } of listed) {
    const key = ruleKey(rule);
    const count = left.get(key) ?? 0;
    if (count > 0) {
      left.set(key, count - 1);
      continue;
    }
    differences.push(`${ruleText(rule, account)} is only in ` +
      `SecurityGroupRules (${path}, ${rule.ruleId})`);
  }
  for (const rule of grouped) {
    const key = ruleKey(rule);
    const count = left.get(key) ?? 0;
    if (count === 0) continue;
    left.set(key, count - 1);
    const shape = rule.direction === 'ingress'
      ? 'IpPermissions'
      : 'IpPermissionsEgress';
    differences.push(`${ruleText(rule, account)} is only in ${shape}`);
  }
  if (differences.length === 0) return undefined;
  const shown = differences.slice(0, MAX_DIFFERENCES_SHOWN);
  const more = differences.length - shown.length;
  return 'its IpPermissions and SecurityGroupRules disagree: ' +
    shown.join('; ') + (more > 0 ? `; and ${more} more` : '') +
    ' (export both shapes at the same moment)';
}

/**
 * Checks that a parsed JSON value is a snapshot and that every rule in it
 * reads; throws a SnapshotError listing every issue otherwise.
 */
export function parseSnapshot(value: unknown, source = 'snapshot'): Snapshot {
  const result = snapshotSchema.safeParse(value);
  if (!result.success) {
    throw new SnapshotError(source, result.error.issues.map((issue) => ({
      path: jsonPath(issue.path),
      message: describeIssue(issue, value),
    })));
  }
  const snapshot = value as Snapshot;
  const issues = checkRules(snapshot);
  if (issues.length > 0) throw new SnapshotError(source, issues);
  return snapshot;
}

/** Reads and checks a snapshot file. */
export async function readSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SnapshotError(file, [{ path: '$', message: `cannot read the ` +
      `file (${reason})` }], error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(file, [{ path: '$', message: `not JSON: ` +
      (error as Error).message }], error);
  }
  return parseSnapshot(value, file);
}
