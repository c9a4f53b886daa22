import * as z from 'zod';
import { protocolNumber } from '../rules/index.ts';

// CloudTrail writes EC2 requests as the EC2 query API's XML, turned into
// JSON: lists are `{"items": [...]}`, an empty list is `{}`, and numbers
// are numbers or, in some records, strings. Every object accepts keys we do
// not read, because AWS adds fields over time.

/** A short description of a JSON value's type, for messages. */
export function typeOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function expected(what: string) {
  return (issue: { input?: unknown }) => issue.input === undefined
    ? `missing: expected ${what}`
    : `expected ${what}, got ${typeOf(issue.input)}`;
}

/** A string. */
export const text = z.string({ error: expected('a string') });

/** An object whose other keys are kept. */
export function record<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape, { error: expected('an object') });
}

/**
 * Refinement options that check an object even when some of its fields
 * failed, so that every problem of an event is reported at once.
 */
export const evenIfFieldsFail = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};

/** A string starting with an id prefix such as `sg-`. */
export function id(prefix: string) {
  return text.refine((value) => value.startsWith(prefix), {
    error: (issue) => `expected an id starting with ${prefix}, got ` +
      typeOf(issue.input),
  });
}

/** A CloudTrail list, `{"items": [...]}` or `{}`, read as an array. */
export function itemSet<T extends z.ZodType>(item: T) {
  return record({
    items: z.array(item, { error: expected('an array') }).optional(),
  }).transform((set) => set.items ?? []);
}

/** A port, ICMP type or code: -1 to 65535, a number or a digit string. */
export const port = z.unknown().transform((value, ctx) => {
  const n = typeof value === 'number'
    ? value
    : typeof value === 'string' && /^-?\d{1,5}$/.test(value)
      ? Number(value)
      : Number.NaN;
  if (Number.isInteger(n) && n >= -1 && n <= 65535) return n;
  ctx.addIssue({
    code: 'custom',
    message: `expected a port from -1 to 65535, got ${typeOf(value)}`,
  });
  return z.NEVER;
});

/** A protocol name or number (`tcp`, `6`, `-1`), read as its number. */
export const protocol = z.unknown().transform((value, ctx) => {
  const known = typeof value === 'string' || typeof value === 'number'
    ? protocolNumber(value)
    : undefined;
  if (known !== undefined) return known;
  ctx.addIssue({
    code: 'custom',
    message: `expected a protocol name or number, got ${typeOf(value)}`,
  });
  return z.NEVER;
});

/** One problem of a zod issue list, at a JSON path under `prefix`. */
export function problemsOf(
  error: z.ZodError,
  prefix: string,
): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: jsonPath(prefix, issue.path),
    message: issue.message,
  }));
}

/** `prefix` followed by `.key` and `[index]` steps. */
export function jsonPath(
  prefix: string,
  path: readonly PropertyKey[],
): string {
  return prefix + path.map((step) => typeof step === 'number'
    ? `[${step}]`
    : /^[A-Za-z_$][\w$]*$/.test(String(step))
      ? `.${String(step)}`
      : `[${JSON.stringify(String(step))}]`).join('');
}
