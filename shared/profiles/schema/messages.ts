import type * as z from 'zod';

/**
 * Separates the noun from the accepted keys in the message a strict object
 * gives for an unknown key; the issue formatter splits it and writes one
 * diagnostic per unknown key.
 */
export const UNKNOWN_KEY_SEPARATOR = '|';

/** A value as a reader would recognise it in the file: `"abc"`, `5`. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === null || value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

/** What a value is, for "found X (expected Y)": `"abc" is a string`. */
export function found(value: unknown): string {
  if (value === null || value === undefined) return 'is empty';
  if (Array.isArray(value)) return 'is a list';
  switch (typeof value) {
    case 'string':
      return `${show(value)} is a string`;
    case 'number':
      return `${show(value)} is a number`;
    case 'boolean':
      return `${show(value)} is a boolean`;
    default:
      return 'is a mapping';
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

function listed(values: readonly unknown[]): string {
  const texts = values.map((v) => String(v));
  return texts.length === 1 ? texts[0] ?? '' : `one of: ${texts.join(', ')}`;
}

function sizeMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'array') {
    return `is empty (expected at least ${issue.minimum} item)`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return 'is empty (expected some text)';
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return `is too long (expected at most ${issue.maximum} characters)`;
  }
  return undefined;
}

/**
 * The error map every profile schema is parsed with. Messages say what was
 * found and what was expected; the formatter puts the key's name in front.
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return `${found(issue.input)} (expected ${expected})`;
    }
    case 'invalid_value':
      return `${show(issue.input)} is not valid ` +
        `(expected ${listed(issue.values)})`;
    default:
      return sizeMessage(issue);
  }
};
