import { describe, expect, it } from 'vitest';
import {
  EVENT_PATTERN,
  HANDLED_EVENT_NAMES,
  parseEvent,
} from '../../../shared/events/index.ts';
import { fixture, fixtureNames, OPTIONS } from './helpers.ts';

/** True when EventBridge would deliver the event to a rule of the pattern. */
function matches(event: Record<string, any>): boolean {
  const { detail } = EVENT_PATTERN;
  return (EVENT_PATTERN.source as readonly string[]).includes(event.source) &&
    (EVENT_PATTERN['detail-type'] as readonly string[])
      .includes(event['detail-type']) &&
    (detail.eventSource as readonly string[])
      .includes(event.detail.eventSource) &&
    (detail.eventName as readonly string[]).includes(event.detail.eventName);
}

describe('EVENT_PATTERN', () => {
  it('names every event name driftguard handles', () => {
    expect(EVENT_PATTERN.detail.eventName).toEqual(HANDLED_EVENT_NAMES);
  });

  it.each(fixtureNames())('delivers %s/%s when it is evaluated', (n, f) => {
    const event = fixture(n, f);
    const result = parseEvent(event, OPTIONS);

    if (result.decision === 'evaluate') expect(matches(event)).toBe(true);
    if (!matches(event)) expect(result.decision).toBe('ignore');
  });
});
