import { DynamoAuditLog } from './audit.ts';
import { DynamoBindingMemory } from './bindings.ts';
import { DynamoRolloutStore } from './rollout.ts';
import { DynamoWriteBudget } from './budget.ts';
import { DynamoAlertDedup } from './dedup.ts';
import type { StoreOptions } from './dynamo.ts';
import { DynamoQuarantineStore } from './quarantine.ts';
import { DynamoSweepStore } from './sweeps.ts';

export * from './audit.ts';
export * from './bindings.ts';
export * from './budget.ts';
export * from './create-table.ts';
export * from './dedup.ts';
export * from './dynamo.ts';
export * from './errors.ts';
export * from './idempotency.ts';
export * from './memory.ts';
export * from './memory-records.ts';
export * from './quarantine.ts';
export * from './rollout.ts';
export type * from './sweep-types.ts';
export * from './sweeps.ts';
export * from './table.ts';
export type * from './types.ts';

/** Every DynamoDB-backed store, over one table. */
export interface Stores {
  audit: DynamoAuditLog;
  quarantines: DynamoQuarantineStore;
  budget: DynamoWriteBudget;
  dedup: DynamoAlertDedup;
  bindings: DynamoBindingMemory;
  sweeps: DynamoSweepStore;
  rollouts: DynamoRolloutStore;
}

/** The stores of the driftguard table `tableName`, sharing one client. */
export function createStores(options: StoreOptions): Stores {
  return {
    audit: new DynamoAuditLog(options),
    quarantines: new DynamoQuarantineStore(options),
    budget: new DynamoWriteBudget(options),
    dedup: new DynamoAlertDedup(options),
    bindings: new DynamoBindingMemory(options),
    sweeps: new DynamoSweepStore(options),
    rollouts: new DynamoRolloutStore(options),
  };
}
