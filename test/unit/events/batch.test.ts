import { describe, expect, it } from 'vitest';
import { parseBatch, parseEvent } from '../../../shared/events/index.ts';
import { fixture, fixtureNames, OPTIONS } from './helpers.ts';

describe('parseBatch', () => {
  it('reads each event as parseEvent does, with its index', () => {
    const events = fixtureNames().map(([name, form]) => fixture(name, form));
    const results = parseBatch(events, OPTIONS);

    expect(results).toEqual(events.map((event, index) =>
      ({ index, ...parseEvent(event, OPTIONS) })));
  });

  it('keeps reading past malformed events', () => {
    const good = fixture('AuthorizeSecurityGroupIngress', 'ip-permissions');
    const broken = fixture('RevokeSecurityGroupIngress', 'ip-permissions');
    broken.detail.requestParameters = null;
    const results = parseBatch([null, good, broken, 'text', good], OPTIONS);

    expect(results.map((r) => [r.index, r.decision])).toEqual([
      [0, 'invalid'], [1, 'evaluate'], [2, 'invalid'], [3, 'invalid'],
      [4, 'evaluate'],
    ]);
    expect(results[2]).toMatchObject({ eventId: broken.detail.eventID,
      problems: [{ path: '$.detail.requestParameters' }] });
  });

  it('reads an empty batch as no results', () => {
    expect(parseBatch([], OPTIONS)).toEqual([]);
  });

  it('rejects a batch that is not an array, instead of throwing', () => {
    const results = parseBatch({ Records: [] } as never, OPTIONS);

    expect(results).toEqual([{ index: 0, decision: 'invalid',
      problems: [{ path: '$', message: 'expected an array of events' }] }]);
  });
});
