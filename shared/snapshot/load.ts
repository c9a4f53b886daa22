import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import {
  RuleShapeError,
  ruleOfSecurityGroupRule,
  rulesOfGroup,
} from '../rules/index.ts';
import { snapshotSchema } from './schema.ts';
import type { Snapshot } from './types.ts';

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

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} ` +
      '(expected Account, Region, SecurityGroups, SecurityGroupRules, ' +
      'NetworkInterfaces, PrefixLists)';
  }
  return issue.message;
}

/** Every rule must read as a rule; collects what does not. */
function checkRules(snapshot: Snapshot): SnapshotIssue[] {
  const issues: SnapshotIssue[] = [];
  const known = new Set(snapshot.SecurityGroups.map((g) => g.GroupId));
  const attempt = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof RuleShapeError)) throw error;
      issues.push({ path: error.path, message: error.detail });
    }
  };
  snapshot.SecurityGroups.forEach((group, i) => {
    attempt(() => rulesOfGroup(group, `$.SecurityGroups[${i}]`));
  });
  snapshot.SecurityGroupRules?.forEach((entry, i) => {
    const path = `$.SecurityGroupRules[${i}]`;
    attempt(() => ruleOfSecurityGroupRule(entry, path));
    if (!known.has(entry.GroupId)) {
      issues.push({
        path: `${path}.GroupId`,
        message: `${entry.GroupId} is not among SecurityGroups`,
      });
    }
  });
  return issues;
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
      message: describeIssue(issue),
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
