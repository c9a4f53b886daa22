import { Option } from 'commander';
import { SEVERITIES, type Severity } from '../shared/profiles/types.ts';
import { UsageError } from './io.ts';

/** `--format`, limited to the formats a command writes. */
export function formatOption(formats: string[], fallback: string): Option {
  return new Option('--format <format>', 'output format')
    .choices(formats).default(fallback);
}

/** `--fail-on SEVERITY`: exit 1 when a finding is at or above it. */
export function failOnOption(): Option {
  return new Option(
    '--fail-on <severity>',
    'exit 1 when a finding is at or above this severity',
  ).choices([...SEVERITIES]);
}

/** `--now TIME`: the moment exemptions are judged at (RFC 3339). */
export function nowOption(): Option {
  return new Option(
    '--now <time>',
    'judge exemptions at this moment instead of now (RFC 3339)',
  ).argParser(parseNow);
}

function parseNow(text: string): Date {
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new UsageError(`--now ${text} is not an RFC 3339 date or time`);
  }
  return new Date(time);
}

/** A comma-separated list option's value as a trimmed list. */
export function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function asSeverity(value: unknown): Severity | undefined {
  return typeof value === 'string' ? value as Severity : undefined;
}
