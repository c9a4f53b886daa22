import type { SecurityGroup } from './types.ts';

/**
 * Tag (key and value) that marks the quarantine group driftguard creates
 * in a VPC. It lives with the snapshot format because the engine reads it
 * from snapshots as much as shared/aws writes it.
 */
export const QUARANTINE_TAG = { key: 'driftguard:quarantine', value: 'true' };

/** True when the group carries driftguard's quarantine tag. */
export function isQuarantineGroup(group: SecurityGroup): boolean {
  return group.Tags?.some((t) => t.Key === QUARANTINE_TAG.key &&
    t.Value === QUARANTINE_TAG.value) ?? false;
}
