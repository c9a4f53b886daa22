import * as z from 'zod';
import { parseCidr, protocolNumber } from '../../rules/index.ts';
import type { PortRange } from '../../rules/index.ts';
import { errorMap, found, show, UNKNOWN_KEY_SEPARATOR } from './messages.ts';

type Ctx = z.core.$RefinementCtx;

/**
 * A mapping that rejects unknown keys, naming the accepted ones; `noun`
 * says what a key is (`key`, `peer kind`).
 */
export function strict<S extends z.core.$ZodLooseShape>(
  shape: S,
  noun = 'key',
  expected = 'a mapping',
) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `${noun}${UNKNOWN_KEY_SEPARATOR}${keys}`;
      }
      if (issue.code === 'invalid_type') {
        return `${found(issue.input)} (expected ${expected})`;
      }
      return undefined;
    },
  });
}

/**
 * A value read by a function that reports its own problems: the function
 * returns the value, or a message about the value (what was found and
 * what was expected), which the formatter prefixes with the key's name.
 */
export function readWith<T>(read: (value: unknown) => T | Problem) {
  return z.unknown().transform((value, ctx): T => {
    const result = read(value);
    if (result instanceof Problem) {
      ctx.addIssue({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    }
    return result;
  });
}

/** A message about a value that a `readWith` reader could not accept. */
export class Problem {
  readonly message: string;

  constructor(message: string) {
    this.message = message;
  }
}

/** Passes on the issues of a nested parse as issues of this value. */
export function forward(issues: readonly z.core.$ZodIssue[], ctx: Ctx): void {
  for (const issue of issues) ctx.addIssue({ ...issue });
}

/**
 * A value whose schema depends on its YAML type: a number, a string, a
 * mapping. Any other type is an error saying what was expected.
 */
export function byType<T>(
  cases: {
    number?: z.ZodType<T>;
    string?: z.ZodType<T>;
    object?: z.ZodType<T>;
  },
  expected: string,
) {
  return z.unknown().transform((value, ctx): T => {
    const type = Array.isArray(value) || value === null
      ? 'other'
      : typeof value;
    const schema = (cases as Record<string, z.ZodType<T> | undefined>)[type];
    if (!schema) {
      ctx.addIssue({
        code: 'custom',
        message: `${found(value)} (expected ${expected})`,
      });
      return z.NEVER;
    }
    const result = schema.safeParse(value, { error: errorMap });
    if (result.success) return result.data;
    forward(result.error.issues, ctx);
    return z.NEVER;
  });
}

/** An integer from `min` to `max`; `expected` words the range. */
export function intIn(min: number, max: number, expected = `${min}-${max}`) {
  return z.number().superRefine((value, ctx) => {
    if (!Number.isInteger(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `${value} is not a whole number (expected ${expected})`,
      });
    } else if (value < min || value > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${value} is out of range (expected ${expected})`,
      });
    }
  });
}

/** A string matching `pattern`; `expected` describes the pattern. */
export function matching(pattern: RegExp, expected: string) {
  return z.string().superRefine((value, ctx) => {
    if (!pattern.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `${show(value)} is not valid (expected ${expected})`,
      });
    }
  });
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A document name or rule id: what bindings and messages refer to. */
export const name = matching(
  NAME,
  'letters, digits, ".", "_" or "-", starting with a letter or digit',
);

/** Text that says something: not empty. */
export const text = z.string().trim().min(1);

/** An AWS id: `prefix-` and lowercase hex digits. */
export function awsId(prefix: string) {
  return matching(
    new RegExp(`^${prefix}-[0-9a-f]+$`),
    `${prefix}- followed by hex digits, like ${prefix}-0123456789abcdef0`,
  );
}

/** A CIDR block without host bits; kept as written. */
export const cidr = readWith((value) => {
  if (typeof value !== 'string') {
    return new Problem(`${found(value)} (expected a CIDR block)`);
  }
  try {
    parseCidr(value, true);
    return value;
  } catch (error) {
    return new Problem((error as Error).message);
  }
});

/** A protocol name or number, stored as the number (-1 for all). */
export const protocol = readWith((value) => {
  const expected = 'tcp, udp, icmp, icmpv6, all, -1 or a number 0-255';
  if (typeof value !== 'string' && typeof value !== 'number') {
    return new Problem(`${found(value)} (expected ${expected})`);
  }
  const number = protocolNumber(value);
  return number ?? new Problem(
    `${show(value)} is not a protocol (expected ${expected})`,
  );
});

/** `ports` as written: `all`, or a range of numbers (checked 0-65535). */
export type PortsSpec = 'all' | PortRange;

const PORTS_EXPECTED = 'N, "N-M" or all';

function portRange(value: unknown, from: number, to: number) {
  if (from > 65535 || to > 65535) {
    return new Problem(`${show(value)} is out of range (expected 0-65535)`);
  }
  if (from > to) {
    return new Problem(
      `${show(value)} runs backwards (expected N-M with N ≤ M)`,
    );
  }
  return { from, to };
}

function readPorts(value: unknown): PortsSpec | Problem {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      return new Problem(`${value} is not a port (expected ${PORTS_EXPECTED})`);
    }
    return portRange(value, value, value);
  }
  if (typeof value !== 'string') {
    return new Problem(`${found(value)} (expected ${PORTS_EXPECTED})`);
  }
  const trimmed = value.trim();
  if (trimmed === 'all') return 'all';
  const match = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/.exec(trimmed);
  if (!match) {
    return new Problem(
      `${show(value)} is not a port range (expected ${PORTS_EXPECTED})`,
    );
  }
  const from = Number(match[1]);
  return portRange(value, from, match[2] ? Number(match[2]) : from);
}

/** `ports`: `N`, `"N-M"` or `all`, within 0-65535. */
export const ports = readWith(readPorts);

/** An RFC 3339 full date. */
export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = new RegExp(
  '^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?' +
    '([Zz]|[+-]\\d{2}:\\d{2})$',
);

function realDate(parts: RegExpExecArray): boolean {
  const [year, month, day] = [1, 2, 3].map((i) => Number(parts[i]));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return date.getUTCMonth() === (month ?? 0) - 1 &&
    date.getUTCDate() === day;
}

function readInstant(value: unknown): string | Problem {
  const expected = 'an RFC 3339 date like 2027-01-31 or timestamp like ' +
    '2027-01-31T12:00:00Z';
  if (typeof value !== 'string') {
    return new Problem(`${found(value)} (expected ${expected})`);
  }
  const parts = DATE.exec(value) ?? TIMESTAMP.exec(value);
  if (!parts || !realDate(parts) || Number.isNaN(Date.parse(value))) {
    return new Problem(`${show(value)} is not a date (expected ${expected})`);
  }
  return value;
}

/** An RFC 3339 date or timestamp, kept as written. */
export const instant = readWith(readInstant);
