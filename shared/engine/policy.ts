import {
  MODES,
  SEVERITIES,
  type Intent,
  type Mode,
  type Severity,
} from '../profiles/types.ts';
import type { Action, FindingKind } from './types.ts';

/** The weaker of two modes. */
export function weaker(a: Mode, b: Mode): Mode {
  return MODES.indexOf(a) <= MODES.indexOf(b) ? a : b;
}

/** True when severity `a` is at or above `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b);
}

/**
 * Findings that break the posture rather than merely depart from it: they
 * are what quarantine is for. The others are rolled back at most.
 */
function isViolation(kind: FindingKind, defaultDeny: boolean): boolean {
  if (kind === 'denied-rule' || kind === 'foreign-group-attached') {
    return true;
  }
  return kind === 'unapproved-rule' && defaultDeny;
}

/** Kinds a write can converge; the rest can only be alerted. */
const CONVERGEABLE: ReadonlySet<FindingKind> = new Set([
  'unapproved-rule',
  'denied-rule',
  'missing-required-rule',
  'foreign-group-attached',
  'binding-tampered',
]);

/**
 * What the composed mode would do about a finding, within the cap:
 * `alert` alerts; `rollback` converges what a write can converge;
 * `quarantine` also isolates the resources behind a violation.
 */
export function actionFor(
  kind: FindingKind,
  intent: Pick<Intent, 'mode' | 'defaultDeny'> | undefined,
  cap: Mode,
): Action {
  if (kind === 'unbound-group') return 'none';
  const mode = weaker(intent?.mode ?? 'alert', cap);
  if (mode === 'alert' || !CONVERGEABLE.has(kind)) return 'alert';
  if (mode === 'quarantine' && isViolation(kind, intent!.defaultDeny)) {
    return 'quarantine';
  }
  return 'rollback';
}
