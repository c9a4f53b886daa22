// The driftguard table: one DynamoDB table holds every record the store
// keeps, told apart by the prefix of their keys.
//
//   record             pk                           sk
//   audit entry        AUDIT#<id>                   ENTRY
//   quarantine         QUARANTINE#<id>              RECORD
//   budget counter     BUDGET#<account>             HOUR#<yyyy-mm-ddThh>
//   de-dup marker      DEDUP#<account>#<groupId>    FINDING#<finding key>
//   idempotency        IDEMPOTENCY#<function>       <Powertools' key>
//   sweep              SWEEP#<sweep id>             SWEEP
//   sweep result       SWEEP#<sweep id>             REGION#<account>#<region>
//
// A sweep and the results of its account-regions share a partition: the
// sweep record holds what was expected and the counter of account-regions
// done (raised in the same transaction that first stores a result), and
// one query of the partition reads every result back for the digest.
//
// One global secondary index, `gsi1` (gsi1pk, gsi1sk; all attributes
// projected), answers the two listings:
//
//   audit entries of a group   GROUP#<account>#<groupId>    AUDIT#<id>
//   quarantines of an account  QUARANTINES#<account>#<status>  <id>
//
// Audit ids start with their ISO time, so both listings sort by time.
// Reads through the index are eventually consistent; reads by id are not.
//
// `expiresAt` (epoch seconds) is the table's TTL attribute. Only de-dup
// markers and Powertools' idempotency records carry it: audit entries,
// sweep records, quarantine records and budget counters never expire.
// DynamoDB deletes expired items late (up to days), so every read or
// condition that cares compares the expiry itself instead of trusting the
// item to be gone.

/** Attribute names of the table; the CloudFormation must use the same. */
export const ATTR = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  /** The TTL attribute: epoch seconds. */
  expiresAt: 'expiresAt',
  /**
   * What a record is: `audit`, `quarantine`, `budget`, `dedup`, `sweep`,
   * `sweep-region`.
   */
  type: 'recordType',
  /** Powertools' idempotency attributes, renamed apart from ours. */
  idempotencyStatus: 'idempotencyStatus',
  idempotencyData: 'idempotencyData',
  idempotencyInProgressExpiry: 'idempotencyInProgressExpiry',
  idempotencyValidation: 'idempotencyValidation',
} as const;

/** Names of the table's secondary indexes. */
export const INDEX = { gsi1: 'gsi1' } as const;

/** The attributes that place a record; not part of what it holds. */
export const KEY_ATTRIBUTES: readonly string[] = [
  ATTR.pk, ATTR.sk, ATTR.gsi1pk, ATTR.gsi1sk, ATTR.type, ATTR.expiresAt,
];

/** A record's primary key. */
export interface TableKey {
  pk: string;
  sk: string;
}

/** Where an audit entry lives. */
export function auditKey(id: string): TableKey {
  return { pk: `AUDIT#${id}`, sk: 'ENTRY' };
}

/** The index partition listing a group's audit entries. */
export function groupHistoryPartition(account: string, groupId: string) {
  return `GROUP#${account}#${groupId}`;
}

/** Where a quarantine record lives. */
export function quarantineKey(id: string): TableKey {
  return { pk: `QUARANTINE#${id}`, sk: 'RECORD' };
}

/** The index partition listing an account's quarantines by status. */
export function quarantinePartition(account: string, status: string) {
  return `QUARANTINES#${account}#${status}`;
}

/** The hour a budget counter counts: `2026-03-01T14` (UTC). */
export function budgetHour(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/** Where the write counter of an account's hour lives. */
export function budgetKey(account: string, now: Date): TableKey {
  return { pk: `BUDGET#${account}`, sk: `HOUR#${budgetHour(now)}` };
}

/** Where the de-dup marker of one finding on one group lives. */
export function dedupKey(
  account: string,
  groupId: string,
  finding: string,
): TableKey {
  return { pk: `DEDUP#${account}#${groupId}`, sk: `FINDING#${finding}` };
}

/** The static partition key of one function's idempotency records. */
export function idempotencyPartition(functionName: string): string {
  return `IDEMPOTENCY#${functionName}`;
}

/** Where a sweep's record lives: what it expects, its counter. */
export function sweepKey(sweepId: string): TableKey {
  return { pk: `SWEEP#${sweepId}`, sk: 'SWEEP' };
}

/** Where one account-region's result of a sweep lives. */
export function sweepRegionKey(
  sweepId: string,
  account: string,
  region: string,
): TableKey {
  return { pk: `SWEEP#${sweepId}`, sk: `REGION#${account}#${region}` };
}

/** Epoch seconds of a moment, rounded up: a TTL never cuts a window short. */
export function epochSeconds(at: Date | number): number {
  return Math.ceil(Number(at) / 1000);
}

/** A record without the attributes that place it in the table. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy as T;
}
