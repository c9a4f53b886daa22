import { AUTHORIZE_CALLS } from './authorize.ts';
import { INTERFACE_CALLS } from './interfaces.ts';
import { MODIFY_CALLS } from './modify.ts';
import { QUARANTINE_CALLS } from './quarantine.ts';
import { REVOKE_CALLS } from './revoke.ts';
import { TAG_CALLS } from './tag.ts';
import type { Ec2Call } from './write.ts';

/**
 * Every EC2 call driftguard makes that changes something, each with what
 * it changes, as the write functions declare them. A release makes the
 * calls of the writes it undoes. The deployment's IAM policies are tested
 * against this list, so a write added without its permission fails.
 */
export const EC2_CALLS: readonly Ec2Call[] = [
  ...REVOKE_CALLS,
  ...AUTHORIZE_CALLS,
  ...MODIFY_CALLS,
  ...TAG_CALLS,
  ...INTERFACE_CALLS,
  ...QUARANTINE_CALLS,
];
