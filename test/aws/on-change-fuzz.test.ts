// Mutated events through the whole function as Lambda runs it (middy,
// idempotency, the logger) against the emulator, not only through the
// parser: whatever it is given, the handler resolves, leaves no promise
// to reject unhandled, and logs its decision about each event with the
// event's id, a malformed one as a warning that says where it is wrong.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf, mutatedEvents } from '../unit/events/mutations.ts';
import {
  account,
  deploy,
  invokeLogged,
  type Deployment,
} from './on-change-fixtures.ts';

const SEED = 20_260_311;
const RUNS = 300;

let live: Deployment;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => {
  rejections.push(reason);
};

beforeAll(async () => {
  live = await deploy();
  await account();
  process.on('unhandledRejection', onRejection);
});

afterAll(() => {
  process.off('unhandledRejection', onRejection);
});

// Every event gets ids of its own before it is mutated, so that
// idempotency never answers one event with the result of another.
let serial = 0;
const events = mutatedEvents((event) => {
  serial += 1;
  event.id = `fuzz-envelope-${serial}`;
  if (typeof event.detail === 'object' && event.detail !== null) {
    event.detail.eventID = `fuzz-${serial}`;
  }
});

type Json = unknown;

function canonical(value: Json): string {
  if (typeof value !== 'object' || value === null) {
    return JSON.stringify(value) ?? 'undefined';
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) =>
    `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * What the function's idempotency keys an event by: its CloudTrail id,
 * else its EventBridge id, else all of it. A mutation can give two events
 * one key (an id replaced by the same string); the second is then
 * answered from the first one's record, as a redelivery would be.
 */
function keyOf(event: Json): string {
  const at = (value: Json, key: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, Json>)[key]
      : undefined;
  const usable = (value: Json) => typeof value === 'string' && value !== '';
  const eventId = at(at(event, 'detail'), 'eventID');
  if (usable(eventId)) return `id:${String(eventId)}`;
  const id = at(event, 'id');
  return usable(id) ? `id:${String(id)}` : canonical(event);
}

describe('the on-change function on mutated events', () => {
  it('always resolves, and logs each decision with its event id',
    async () => {
      const answered = new Map<string, unknown>();
      await fc.assert(fc.asyncProperty(events, async (event) => {
        const id = idOf(event);
        const key = keyOf(event);

        const { result, logs } = await invokeLogged(live, event);

        expect(['evaluate', 'ignore', 'invalid']).toContain(result.decision);
        if (id !== undefined) expect(result.eventId).toBe(id);
        if (answered.has(key)) {
          expect(result).toEqual(answered.get(key));
          return;
        }
        answered.set(key, result);
        const decisions = logs.filter((l) =>
          String(l.message).startsWith('decision: '));
        expect(decisions).toHaveLength(1);
        expect(decisions[0]).toMatchObject({
          message: `decision: ${result.decision}`,
          ...id === undefined ? {} : { eventId: id, correlation_id: id },
        });
        if (result.decision === 'invalid') {
          expect(decisions[0]).toMatchObject({ level: 'WARN',
            reason: expect.stringMatching(/^malformed event: \$/) });
        }
      }), { seed: SEED, numRuns: RUNS });

      // A rejection nobody handled is reported on a later turn.
      await new Promise((resolve) => setImmediate(resolve));
      expect(rejections).toEqual([]);
    }, 300_000);
});
