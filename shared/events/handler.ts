import type { z } from 'zod';
import type { Direction } from '../rules/index.ts';
import { problemsOf } from './fields.ts';
import type {
  ChangeKind,
  CreatedGroup,
  DeletedGroup,
  GroupName,
  HandledEventName,
  Permission,
  Problem,
  TagChange,
} from './types.ts';

/** Where a handler's request sits in the event, as a JSON path. */
export const REQUEST = '$.detail.requestParameters';

/** Where a handler's response sits in the event, as a JSON path. */
export const RESPONSE = '$.detail.responseElements';

/** What a handler reads of an event. */
export interface HandlerInput {
  eventName: HandledEventName;
  /** `detail.requestParameters`, unchecked. */
  request: unknown;
  /** `detail.responseElements`, unchecked. */
  response: unknown;
}

/** The part of a Change that depends on the event name. */
export interface Targets {
  kind: ChangeKind;
  groupIds?: string[];
  groupNames?: GroupName[];
  networkInterfaceIds?: string[];
  instanceIds?: string[];
  ruleIds?: string[];
  direction?: Direction;
  permissions?: Permission[];
  tagChange?: TagChange;
  createdGroup?: CreatedGroup;
  deletedGroup?: DeletedGroup;
}

/** What a handler decides about a well-formed, successful call. */
export type Outcome =
  | { type: 'change'; targets: Targets }
  | { type: 'ignore'; reason: string }
  | { type: 'invalid'; problems: Problem[] };

/** Reads one event name's request and response. */
export type Handler = (input: HandlerInput) => Outcome;

type Read<T> =
  | { ok: true; data: T }
  | { ok: false; problems: Problem[] };

/** Checks a value against a schema; problems are placed under `prefix`. */
export function read<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: string,
): Read<z.output<T>> {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, problems: problemsOf(result.error, prefix) };
}

/**
 * Reads a request and a response together, so that a malformed event
 * reports every problem at once.
 */
export function readCall<Q extends z.ZodType, R extends z.ZodType>(
  input: HandlerInput,
  request: Q,
  response: R,
): Read<{ request: z.output<Q>; response: z.output<R> }> {
  const q = read(request, input.request, REQUEST);
  const r = read(response, input.response, RESPONSE);
  if (q.ok && r.ok) {
    return { ok: true, data: { request: q.data, response: r.data } };
  }
  const problems = [q, r].flatMap((x) => x.ok ? [] : x.problems);
  return { ok: false, problems };
}

/** The outcome of a malformed event. */
export function invalid(problems: Problem[]): Outcome {
  return { type: 'invalid', problems };
}

/** The outcome of an event that names a change. */
export function change(targets: Targets): Outcome {
  return { type: 'change', targets };
}

/** The outcome of an event that changes nothing driftguard guards. */
export function ignore(reason: string): Outcome {
  return { type: 'ignore', reason };
}

/** The distinct defined values, in first-seen order. */
export function unique<T>(values: Iterable<T | undefined>): T[] {
  const seen = new Set<T>();
  for (const value of values) if (value !== undefined) seen.add(value);
  return [...seen];
}
