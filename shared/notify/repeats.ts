import type { Notification, NotifiedFinding } from './model.ts';
import { highest } from './text.ts';

/**
 * What people are told of a notification some of whose findings were
 * alerted within the de-dup window (their keys not in `fresh`):
 * `undefined` when there is nothing new (every finding a repeat, and
 * nothing written or stopped by a budget); the notification itself when
 * nothing is a repeat; else a copy with only the new findings (the rest
 * counted in `repeated`) or, when driftguard wrote or a budget tripped,
 * with every finding, the repeats marked, since the writes are about
 * them too.
 */
export function withoutRepeats(
  n: Notification,
  fresh: ReadonlySet<string>,
): Notification | undefined {
  const isNew = (f: NotifiedFinding) => fresh.has(f.key);
  const repeats = n.findings.filter((f) => !isNew(f)).length;
  if (repeats === 0) return n;
  const acted = n.performed || n.budget !== undefined;
  if (repeats === n.findings.length && !acted) return undefined;
  if (acted) {
    return { ...n, findings: n.findings.map((f) =>
      isNew(f) ? f : { ...f, repeat: true as const }) };
  }
  const findings = n.findings.filter(isNew);
  return {
    ...n,
    findings,
    repeated: (n.repeated ?? 0) + repeats,
    severity: highest(findings.map((f) => f.severity)),
    profiles: distinct(findings.map((f) => f.profile)),
    kinds: distinct(findings.map((f) => f.kind)),
  };
}

function distinct<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))].sort();
}
