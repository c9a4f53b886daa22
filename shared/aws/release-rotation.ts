import type {
  AuditEntry,
  AuditLog,
  RotationMember,
  RotationRecord,
} from '../store/types.ts';
import { release, type ReleaseOptions } from './release.ts';
import type { Step } from './rotation.ts';
import type { WriteTarget } from './write.ts';

/** A member of a rotation that a release leaves as it is, and why. */
export interface Skipped extends RotationMember {
  why: string;
}

/** What releasing a whole rotation did. */
export interface RotationRelease {
  id: string;
  /** `done` when every member to put back was put back. */
  status: 'done' | 'partial' | 'failed' | 'unchanged';
  steps: Step[];
  skipped: Skipped[];
}

function skipping(entry: AuditEntry | undefined): string | undefined {
  if (!entry) return 'its audit entry is not in the log';
  if (entry.releasedBy) return `already put back by ${entry.releasedBy}`;
  if (entry.dryRun) return 'it was a dry run';
  if (entry.status === 'pending') {
    return 'its entry is still pending, so whether the interface moved ' +
      'is not known: compare it with the entry\'s prior state by hand';
  }
  if ((entry.outcome?.done ?? []).length === 0) return 'it changed nothing';
  return undefined;
}

/**
 * Undo a whole rotation from its record: release every member's
 * `rotate-interface` entry, newest first, each giving its interface its
 * exact group set back and recorded as a release of that entry. Members
 * already put back (a rotation that restored itself), dry runs and
 * entries that changed nothing are skipped and said so.
 */
export async function releaseRotation(
  record: RotationRecord,
  log: AuditLog,
  targetOf: (account: string) => Promise<WriteTarget>,
  options: ReleaseOptions = {},
): Promise<RotationRelease> {
  const out: RotationRelease = { id: record.id, status: 'unchanged',
    steps: [], skipped: [] };
  for (const member of [...record.members].reverse()) {
    const entry = await log.get(member.entryId);
    const why = skipping(entry);
    if (why !== undefined) out.skipped.push({ ...member, why });
    else out.steps.push(await releaseOne(member, entry!, log, targetOf,
      options));
  }
  out.status = statusOf(out.steps);
  return out;
}

async function releaseOne(
  member: RotationMember,
  entry: AuditEntry,
  log: AuditLog,
  targetOf: (account: string) => Promise<WriteTarget>,
  options: ReleaseOptions,
): Promise<Step> {
  const { account, networkInterfaceId } = member;
  try {
    const result = await release(await targetOf(account), entry, log,
      options);
    const step: Step = { account, networkInterfaceId, status: result.status };
    if (result.entryId) step.entryId = result.entryId;
    if (result.failed[0]) step.error = result.failed[0].error;
    return step;
  } catch (error) {
    return { account, networkInterfaceId, status: 'failed',
      error: (error as Error).message ?? String(error) };
  }
}

function statusOf(steps: readonly Step[]): RotationRelease['status'] {
  if (steps.length === 0) return 'unchanged';
  const ok = steps.filter((s) => s.status === 'done' ||
    s.status === 'unchanged').length;
  if (ok === steps.length) return 'done';
  return ok === 0 ? 'failed' : 'partial';
}
