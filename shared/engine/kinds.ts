import type { FindingKind } from './types.ts';

/** One sentence per finding kind: what it means. */
export const KIND_DESCRIPTIONS: Readonly<Record<FindingKind, string>> = {
  'unapproved-rule': 'A rule that no allow of the binding covers.',
  'denied-rule': 'A rule that a deny guardrail of the binding matches.',
  'missing-required-rule':
    'A rule the binding requires is not present on the group.',
  'unbound-group': 'A group that carries no profile binding.',
  'unknown-profile': 'The binding names a profile that does not exist.',
  'invalid-binding': 'The binding does not name exactly one tier profile.',
  'profile-conflict':
    "The binding's profiles contradict each other; remediation is capped " +
    'to alert.',
  'expired-exemption': 'An exemption has expired and no longer suppresses.',
  'binding-tampered':
    'The binding tag was changed by someone outside the platform ' +
    'principals.',
  'attachment-missing-profile':
    'An interface whose tags call for a profile carries no group with it.',
  'foreign-group-attached':
    'An interface carries an unbound group beside its profiled ones.',
  'vendor-created-group':
    'A vendor principal created its own group instead of using the ' +
    'provided ones.',
};

/** Every finding kind, in the order reports list them. */
export const FINDING_KINDS = Object.keys(KIND_DESCRIPTIONS) as FindingKind[];
