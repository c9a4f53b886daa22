import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseEvent,
  type ParseResult,
} from '../../../shared/events/index.ts';
import { OPTIONS } from './helpers.ts';
import { idOf, mutatedEvents, type Json } from './mutations.ts';

// Events mutated from the fixtures (see mutations.ts). A failure prints
// the seed and path that reproduce it.
const SEED = 20_251_203;
const RUNS = 10_000;

function resultId(result: ParseResult): string | undefined {
  return result.decision === 'evaluate'
    ? result.change.eventId
    : result.eventId;
}

function checkChange(result: ParseResult): void {
  if (result.decision !== 'evaluate') return;
  const { change } = result;
  for (const groupId of change.groupIds) expect(groupId).toMatch(/^sg-/);
  expect(new Set(change.groupIds).size).toBe(change.groupIds.length);
  for (const p of change.permissions) {
    for (const n of [p.fromPort, p.toPort]) {
      if (n !== undefined) expect(Number.isInteger(n)).toBe(true);
    }
  }
  expect(change.reason).toContain(change.eventName);
}

describe('parseEvent on mutated events', () => {
  it('always decides, never throws, and names the event it was given', () => {
    fc.assert(fc.property(mutatedEvents(), (event: Json) => {
      const before = JSON.stringify(event);
      const result = parseEvent(event, OPTIONS);

      expect(['evaluate', 'ignore', 'invalid']).toContain(result.decision);
      expect(JSON.stringify(event)).toBe(before);
      const id = idOf(event);
      if (id !== undefined) expect(resultId(result)).toBe(id);
      if (result.decision === 'invalid') {
        expect(result.problems.length).toBeGreaterThan(0);
      }
      checkChange(result);
    }), { seed: SEED, numRuns: RUNS });
  }, 120_000);
});
