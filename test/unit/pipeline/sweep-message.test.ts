import { describe, expect, it } from 'vitest';
import {
  parseSweepMessage,
  sweepMessageBody,
} from '../../../shared/pipeline/sweep-message.ts';
import { sweepIdOf } from '../../../shared/pipeline/sweep-start.ts';

const GOOD = { sweepId: '2026-03-01T00:00:00.000Z#abc',
  account: '123456789012', region: 'eu-west-1' };

describe('parseSweepMessage', () => {
  it('reads back the body it writes', () => {
    expect(parseSweepMessage(sweepMessageBody(GOOD)))
      .toEqual({ ok: true, message: { version: 1, ...GOOD } });
  });

  it.each([
    ['not JSON', '{', 'the body is not JSON'],
    ['an array', '[]', '(body): '],
    ['a short account id', JSON.stringify({ version: 1, ...GOOD,
      account: '1234' }), 'account: expected a 12-digit account id'],
    ['a bad region', JSON.stringify({ version: 1, ...GOOD,
      region: 'Ireland' }), 'region: expected a region name'],
    ['another version', JSON.stringify({ ...GOOD, version: 2 }),
      'version: '],
    ['a field too many', JSON.stringify({ version: 1, ...GOOD, x: 1 }),
      'x'],
  ])('names the problem of %s', (_, body, problem) => {
    const parsed = parseSweepMessage(body);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });
});

describe('sweepIdOf', () => {
  const event = { id: '7bf73129-1428-4cd3-a780-95db273d1602',
    time: '2026-03-01T06:00:00Z' };
  const now = new Date('2026-03-01T06:00:03Z');

  it('gives a scheduled event the same id every time', () => {
    expect(sweepIdOf(event, now)).toBe(sweepIdOf(event, new Date()));
    expect(sweepIdOf(event, now)).toMatch(
      /^2026-03-01T06:00:00\.000Z#[0-9a-f]{12}$/);
  });

  it('gives two events two ids', () => {
    expect(sweepIdOf({ ...event, id: 'other' }, now))
      .not.toBe(sweepIdOf(event, now));
  });

  it('makes a fresh id, sorted by time, without an event', () => {
    const id = sweepIdOf(undefined, now);
    expect(id).toMatch(/^2026-03-01T06:00:03\.000Z#[0-9a-f]{12}$/);
    expect(sweepIdOf(undefined, now)).not.toBe(id);
  });
});
