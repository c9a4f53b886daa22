import {
  RecordConflictError,
  RecordNotFoundError,
} from './errors.ts';
import { budgetHour } from './table.ts';
import type {
  BindingMemory,
  AlertDedup,
  BudgetDecision,
  QuarantineDraft,
  QuarantineRecord,
  QuarantineStore,
  WriteBudget,
} from './types.ts';

/** Quarantine records in memory, for dry runs and unit tests. */
export class MemoryQuarantineStore implements QuarantineStore {
  private readonly records = new Map<string, QuarantineRecord>();
  private readonly clock: () => Date;

  constructor(clock: () => Date = () => new Date()) {
    this.clock = clock;
  }

  async put(draft: QuarantineDraft): Promise<QuarantineRecord> {
    if (this.records.has(draft.id)) {
      throw new RecordConflictError(`quarantine ${draft.id} exists already`,
        draft.id, this.records.get(draft.id));
    }
    const record: QuarantineRecord = { ...structuredClone(draft),
      status: 'active', createdAt: this.clock().toISOString() };
    this.records.set(record.id, record);
    return structuredClone(record);
  }

  async get(id: string): Promise<QuarantineRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }

  async listActive(
    account: string,
    filter: { region?: string; groupId?: string } = {},
  ): Promise<QuarantineRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.account === account && r.status === 'active' &&
        (filter.region === undefined || r.region === filter.region) &&
        (filter.groupId === undefined || r.groupId === filter.groupId))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((r) => structuredClone(r));
  }

  async release(id: string, by: string): Promise<QuarantineRecord> {
    const record = this.records.get(id);
    if (!record) throw new RecordNotFoundError('quarantine', id);
    if (record.status === 'released' && record.releasedBy !== by) {
      throw new RecordConflictError(
        `quarantine ${id} was already released by ${record.releasedBy}`,
        id, structuredClone(record));
    }
    if (record.status === 'active') {
      Object.assign(record, { status: 'released', releasedBy: by,
        releasedAt: this.clock().toISOString() });
    }
    return structuredClone(record);
  }
}

/** A write budget in memory, with the DynamoDB one's answers. */
export class MemoryWriteBudget implements WriteBudget {
  private readonly counts = new Map<string, number>();

  async tryConsume(
    account: string,
    n: number,
    limit: number,
    now: Date,
  ): Promise<BudgetDecision> {
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(limit)) {
      throw new RangeError(`cannot count ${n} writes against ${limit}`);
    }
    const key = `${account}#${budgetHour(now)}`;
    const used = this.counts.get(key) ?? 0;
    if (used + n > limit) return { allowed: false, used, limit };
    this.counts.set(key, used + n);
    return { allowed: true, used: used + n, limit };
  }
}

/** Alert de-dup markers in memory. */
export class MemoryAlertDedup implements AlertDedup {
  private readonly until = new Map<string, number>();

  async claim(
    marker: { account: string; groupId: string; finding: string },
    windowMs: number,
    now: Date,
  ): Promise<boolean> {
    const key = `${marker.account}#${marker.groupId}#${marker.finding}`;
    if ((this.until.get(key) ?? -Infinity) > now.getTime()) return false;
    this.until.set(key, now.getTime() + windowMs);
    return true;
  }
}

/** A binding memory held in memory: for the CLI and tests. */
export class MemoryBindingMemory implements BindingMemory {
  private readonly values = new Map<string, string | null>();

  async recall(account: string, region: string, groupId: string) {
    return this.values.get(`${account}/${region}/${groupId}`);
  }

  async remember(
    account: string,
    region: string,
    bindings: Record<string, string | null>,
  ): Promise<void> {
    for (const [groupId, value] of Object.entries(bindings)) {
      this.values.set(`${account}/${region}/${groupId}`, value);
    }
  }
}
