/** Anything the DynamoDB store refuses or fails to do. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** No audit entry (or quarantine record) has this id. */
export class RecordNotFoundError extends StoreError {
  override name = 'RecordNotFoundError';
  readonly id: string;

  constructor(what: string, id: string) {
    super(`no ${what} ${id}`);
    this.id = id;
  }
}

/**
 * A change the record's current state forbids: finishing an entry that
 * is already finished differently, releasing what another release undid.
 * `current` is the record as the store holds it.
 */
export class RecordConflictError<T = unknown> extends StoreError {
  override name = 'RecordConflictError';
  readonly id: string;
  readonly current: T | undefined;

  constructor(message: string, id: string, current: T | undefined) {
    super(message);
    this.id = id;
    this.current = current;
  }
}

/** True for the SDK error DynamoDB sends when a condition fails. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error &&
    error.name === 'ConditionalCheckFailedException';
}
