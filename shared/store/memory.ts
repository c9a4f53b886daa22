import { randomBytes } from 'node:crypto';
import type {
  AuditDraft,
  AuditEntry,
  AuditLog,
  AuditOutcome,
} from './types.ts';

/** A new audit entry id: the time first, so ids sort by time. */
export function auditId(at: Date): string {
  return `${at.toISOString()}#${randomBytes(6).toString('hex')}`;
}

/**
 * An audit log held in memory, for the command line's dry runs and for
 * tests of code that records; the functions use the DynamoDB one.
 */
export class MemoryAuditLog implements AuditLog {
  private readonly entries = new Map<string, AuditEntry>();
  private readonly clock: () => Date;

  constructor(clock: () => Date = () => new Date()) {
    this.clock = clock;
  }

  async begin(draft: AuditDraft): Promise<AuditEntry> {
    const at = this.clock();
    const entry: AuditEntry = {
      ...structuredClone(draft),
      id: auditId(at),
      at: at.toISOString(),
      status: 'pending',
    };
    this.entries.set(entry.id, entry);
    return structuredClone(entry);
  }

  async finish(id: string, outcome: AuditOutcome): Promise<AuditEntry> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no audit entry ${id}`);
    entry.status = outcome.status;
    entry.outcome = structuredClone(outcome);
    return structuredClone(entry);
  }

  async get(id: string): Promise<AuditEntry | undefined> {
    const entry = this.entries.get(id);
    return entry ? structuredClone(entry) : undefined;
  }

  async history(account: string, groupId: string): Promise<AuditEntry[]> {
    return [...this.entries.values()]
      .filter((e) => e.account === account && e.groupId === groupId)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .map((e) => structuredClone(e));
  }

  async markReleased(id: string, by: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no audit entry ${id}`);
    entry.releasedBy = by;
  }
}
