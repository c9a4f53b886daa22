import type { Notification, NotifiedFinding } from './model.ts';
import { distinct, highest } from './text.ts';

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
  return tellable(n, fresh).told;
}

/**
 * What {@link withoutRepeats} tells, with how many findings were
 * repeats: the dispatcher reports the count beside what it sent.
 */
export function tellable(
  n: Notification,
  fresh: ReadonlySet<string>,
): { told: Notification | undefined; repeats: number } {
  const isNew = (f: NotifiedFinding) => fresh.has(f.key);
  const repeats = n.findings.filter((f) => !isNew(f)).length;
  if (repeats === 0) return { told: n, repeats };
  const acted = n.performed || n.budget !== undefined;
  if (repeats === n.findings.length && !acted) {
    return { told: undefined, repeats };
  }
  if (acted) {
    return { told: { ...n, findings: n.findings.map((f) =>
      isNew(f) ? f : { ...f, repeat: true as const }) }, repeats };
  }
  const findings = n.findings.filter(isNew);
  return { told: {
    ...n,
    findings,
    repeated: (n.repeated ?? 0) + repeats,
    severity: highest(findings.map((f) => f.severity)),
    profiles: distinct(findings.map((f) => f.profile)),
    kinds: distinct(findings.map((f) => f.kind)),
  }, repeats };
}
