/** Where a failed AWS call was aimed, as far as the caller knows it. */
export interface AwsCallScope {
  /** Operation, e.g. `DescribeSecurityGroups` or `AssumeRole`. */
  operation: string;
  account?: string;
  region?: string;
  /** Security group ids the call was about, if any. */
  groupIds?: readonly string[];
}

/**
 * A call to AWS failed. The message names the operation, account, region
 * and groups; `cause` is the SDK's error, with its `name` as the AWS code.
 */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  readonly operation: string;
  readonly account: string | undefined;
  readonly region: string | undefined;
  readonly groupIds: readonly string[];

  constructor(scope: AwsCallScope, cause: unknown) {
    super(describeFailure(scope, cause), { cause });
    this.operation = scope.operation;
    this.account = scope.account;
    this.region = scope.region;
    this.groupIds = scope.groupIds ?? [];
  }
}

/** The AWS error code of an SDK error (its `name`), if it has one. */
export function awsErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name === 'Error') return undefined;
  return error.name;
}

function describeFailure(scope: AwsCallScope, cause: unknown): string {
  const where = [
    scope.account && `account ${scope.account}`,
    scope.region && `region ${scope.region}`,
    scope.groupIds?.length && `groups ${shortList(scope.groupIds)}`,
  ].filter(Boolean);
  const code = awsErrorCode(cause);
  const reason = cause instanceof Error ? cause.message : String(cause);
  const suffix = where.length > 0 ? ` (${where.join(', ')})` : '';
  return `${scope.operation} failed${suffix}: ${code ? `${code}: ` : ''}` +
    reason;
}

function shortList(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
}

/** Where a refused write was aimed. */
export interface WriteScope {
  account: string;
  region: string;
  groupId: string;
}

/**
 * driftguard refused a write before making it (it would leave an interface
 * without a group, or undo an entry that cannot be undone). The message
 * names the account, region and group.
 */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';
  readonly account: string;
  readonly region: string;
  readonly groupId: string;

  constructor(scope: WriteScope, reason: string) {
    super(`${reason} (account ${scope.account}, region ${scope.region}, ` +
      `group ${scope.groupId})`);
    this.account = scope.account;
    this.region = scope.region;
    this.groupId = scope.groupId;
  }
}

/**
 * The deepest AwsCallError in the chain of causes of `error`: a read
 * whose credentials could not be had fails with the AssumeRole failure
 * as its cause, and that call is the one that went wrong.
 */
export function deepestCall(error: unknown): AwsCallError | undefined {
  let deepest: AwsCallError | undefined;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof AwsCallError) deepest = e;
  }
  return deepest;
}

/**
 * What went wrong, at the root, as the operator needs to read it: the
 * message of the {@link deepestCall}, else the error's own.
 */
export function rootFailure(error: unknown): string {
  const deepest = deepestCall(error);
  if (deepest) return deepest.message;
  return error instanceof Error ? error.message : String(error);
}
