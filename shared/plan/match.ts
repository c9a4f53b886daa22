import type { Finding } from '../engine/types.ts';
import { findingKey, subjectKey } from './identity.ts';
import type { ChangedFinding } from './types.ts';

/** Two lists matched by a key: pairs, and what only one side has. */
export interface Matched<T> {
  pairs: [T, T][];
  removed: T[];
  added: T[];
}

/**
 * Matches the items of two lists by key, as multisets: each base item
 * pairs with at most one head item of the same key, in order.
 */
export function matchBy<T>(
  base: readonly T[],
  head: readonly T[],
  key: (item: T) => string,
): Matched<T> {
  const waiting = new Map<string, T[]>();
  for (const item of base) {
    const k = key(item);
    waiting.set(k, [...waiting.get(k) ?? [], item]);
  }
  const pairs: [T, T][] = [];
  const added: T[] = [];
  for (const item of head) {
    const match = waiting.get(key(item))?.shift();
    if (match === undefined) added.push(item);
    else pairs.push([match, item]);
  }
  const removed = [...waiting.values()].flat();
  return { pairs, removed, added };
}

/** Findings of both versions: new, gone, and judged differently. */
export interface FindingMatch {
  added: Finding[];
  removed: Finding[];
  changed: ChangedFinding[];
}

/**
 * Matches findings by identity; a finding left on each side with the same
 * subject (another rule decides it now) counts as changed, as does a
 * matched one whose severity or action differs.
 */
export function matchFindings(
  base: readonly Finding[],
  head: readonly Finding[],
): FindingMatch {
  const exact = matchBy(base, head, findingKey);
  const moved = matchBy(exact.removed, exact.added, subjectKey);
  const changed = [...exact.pairs, ...moved.pairs]
    .map(([b, h]) => ({ base: b, head: h, changes: changesOf(b, h) }))
    .filter((c) => c.changes.length > 0);
  return { added: moved.added, removed: moved.removed, changed };
}

function changesOf(b: Finding, h: Finding): string[] {
  const changes: string[] = [];
  const by = (f: Finding) => `${f.profile ?? '-'}/${f.policyRule ?? '-'}`;
  if (by(b) !== by(h)) changes.push(`decided by ${by(b)} → ${by(h)}`);
  if (b.severity !== h.severity) {
    changes.push(`severity ${b.severity} → ${h.severity}`);
  }
  if (b.action !== h.action) changes.push(`action ${b.action} → ${h.action}`);
  return changes;
}
