// A small IAM policy evaluator for the subset driftguard's policies use:
// Allow and Deny statements, Action and Resource with `*` and `?`
// wildcards, and the condition operators below. An operator it does not
// know throws, so a policy that starts using one fails the tests instead
// of being judged wrongly.

/** One statement, its intrinsic functions already resolved. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** Values of the condition keys of a request (absent keys left out). */
export type RequestContext = Record<string, string | string[]>;

/** One authorization: an action on one resource, in a context. */
export interface AuthRequest {
  action: string;
  resource: string;
  context?: RequestContext;
}

/** `allow`, an explicit `deny`, or no statement allowing (`implicit`). */
export type Decision = 'allow' | 'deny' | 'implicit';

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM's wildcards: `*` any run of characters, `?` any one. */
export function wildcard(pattern: string, value: string, caseless = false) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseless ? 'i' : '').test(value);
}

function actionMatches(statement: PolicyStatement, action: string) {
  if (statement.NotAction !== undefined) {
    throw new Error(`NotAction is outside the evaluator's subset ` +
      `(${statement.Sid ?? 'a statement'})`);
  }
  return list(statement.Action).some((p) => wildcard(p, action, true));
}

// A resource-based policy (a trust policy) names no Resource: it is about
// the resource it is attached to.
function resourceMatches(statement: PolicyStatement, resource: string) {
  if (statement.Resource === undefined) return true;
  return list(statement.Resource).some((p) => wildcard(p, resource));
}

function valueOf(context: RequestContext, key: string) {
  const found = Object.keys(context).find((k) =>
    k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : context[found];
}

type Test = (wanted: string, actual: string) => boolean;

const SINGLE: Record<string, Test> = {
  StringEquals: (w, a) => w === a,
  StringLike: (w, a) => wildcard(w, a),
  ArnEquals: (w, a) => w === a,
  ArnLike: (w, a) => wildcard(w, a),
};

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/** Whether one operator's key-values hold for the request's context. */
function holds(
  operator: string,
  entries: Record<string, unknown>,
  context: RequestContext,
): boolean {
  return Object.entries(entries).every(([key, raw]) => {
    const wanted = list(raw as string | string[]).map(String);
    const actual = valueOf(context, key);
    return keyHolds(operator, wanted, actual);
  });
}

function keyHolds(
  operator: string,
  wanted: string[],
  actual: string | string[] | undefined,
): boolean {
  if (operator === 'Null') {
    return wanted.every((w) => (actual === undefined) === (w === 'true'));
  }
  const [set, base = ''] = operator.includes(':')
    ? operator.split(':') : [undefined, operator];
  const negated = NEGATED[base];
  const test = SINGLE[negated ?? base];
  if (!test) throw new Error(`condition operator ${operator} is outside ` +
    'the evaluator\'s subset');
  const one = (value: string) => wanted.some((w) => test(w, value));
  if (set === 'ForAllValues') {
    return list(actual).every((v) => negated ? !one(v) : one(v));
  }
  if (set === 'ForAnyValue') {
    return list(actual).some((v) => negated ? !one(v) : one(v));
  }
  if (set !== undefined) throw new Error(`set operator ${set} is unknown`);
  if (Array.isArray(actual)) {
    throw new Error(`${operator} of a multivalued key needs ForAllValues ` +
      'or ForAnyValue');
  }
  // A negated operator holds for an absent key; the others do not.
  if (actual === undefined) return negated !== undefined;
  return negated ? !one(actual) : one(actual);
}

function applies(statement: PolicyStatement, request: AuthRequest): boolean {
  if (!actionMatches(statement, request.action)) return false;
  if (!resourceMatches(statement, request.resource)) return false;
  const context = request.context ?? {};
  return Object.entries(statement.Condition ?? {}).every(([op, entries]) =>
    holds(op, entries, context));
}

/** IAM's decision for one request: an explicit deny beats any allow. */
export function decide(
  statements: readonly PolicyStatement[],
  request: AuthRequest,
): Decision {
  const matching = statements.filter((s) => applies(s, request));
  if (matching.some((s) => s.Effect === 'Deny')) return 'deny';
  return matching.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit';
}

/**
 * Whether a call is allowed: EC2 authorizes each resource a call names
 * (the group and its rule, the interface and the groups it gets), and
 * the call goes through only when every one of them is allowed.
 */
export function allowsAll(
  statements: readonly PolicyStatement[],
  requests: readonly AuthRequest[],
): boolean {
  return requests.length > 0 &&
    requests.every((request) => decide(statements, request) === 'allow');
}
