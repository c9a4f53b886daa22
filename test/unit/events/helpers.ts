import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseOptions } from '../../../shared/events/index.ts';

/** The folder of event fixtures, one folder per event name. */
export const FIXTURES = join(
  import.meta.dirname, '..', '..', 'fixtures', 'events');

/** driftguard's role in the fixtures, as a deployment names it. */
export const OPTIONS: ParseOptions = { ownRoles: ['driftguard-remediation'] };

/** A fixture event, parsed afresh on every call. */
export function fixture(eventName: string, form: string): Record<string, any> {
  const file = join(FIXTURES, eventName, `${form}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
}

/** Every fixture as `[eventName, form]`, sorted. */
export function fixtureNames(): [string, string][] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(FIXTURES, dir.name))
      .filter((file) => file.endsWith('.json'))
      .map((file): [string, string] => [dir.name, file.slice(0, -5)]))
    .sort(([a, b], [c, d]) => `${a}/${b}`.localeCompare(`${c}/${d}`));
}

/** A fixture with changes applied to its `detail`. */
export function withDetail(
  eventName: string,
  form: string,
  change: (detail: Record<string, any>) => void,
): Record<string, any> {
  const event = fixture(eventName, form);
  change(event.detail as Record<string, any>);
  return event;
}
