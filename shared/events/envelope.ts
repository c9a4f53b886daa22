import { jsonPath, typeOf } from './fields.ts';
import {
  HANDLED_EVENT_NAMES,
  type HandledEventName,
  type ParseResult,
  type Problem,
} from './types.ts';

/** The `detail-type` EventBridge gives API calls CloudTrail recorded. */
export const DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The EventBridge `source` of EC2's events. */
export const SOURCE = 'aws.ec2';

/** CloudTrail's `eventSource` of EC2 API calls. */
export const EVENT_SOURCE = 'ec2.amazonaws.com';

/**
 * The EventBridge rule pattern that delivers exactly the events driftguard
 * handles, failed calls included (they are ignored here, not filtered
 * there, so that the decision is logged).
 */
export const EVENT_PATTERN = {
  source: [SOURCE],
  'detail-type': [DETAIL_TYPE],
  detail: {
    eventSource: [EVENT_SOURCE],
    eventName: [...HANDLED_EVENT_NAMES],
  },
} as const;

const HANDLED: ReadonlySet<string> = new Set(HANDLED_EVENT_NAMES);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** CloudTrail's `detail.eventID`, else EventBridge's `id`, if either. */
export function eventIdOf(event: unknown): string | undefined {
  if (!isRecord(event)) return undefined;
  const detail = isRecord(event.detail) ? event.detail : {};
  return nonEmpty(detail.eventID) ?? nonEmpty(event.id);
}

/** An event that passed screening: a successful call driftguard handles. */
export interface Screened {
  event: Json;
  detail: Json;
  eventName: HandledEventName;
}

/** What an event needs before anything else is read. */
function envelopeProblems(event: Json): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: boolean, path: readonly string[], what: string) => {
    if (ok) return;
    const value = path.reduce<unknown>(
      (at, key) => isRecord(at) ? at[key] : undefined, event);
    problems.push({
      path: jsonPath('$', path),
      message: `expected ${what}, got ${typeOf(value)}`,
    });
  };
  need(typeof event['detail-type'] === 'string', ['detail-type'], 'a string');
  need(typeof event.source === 'string', ['source'], 'a string');
  need(isRecord(event.detail), ['detail'], 'an object');
  if (isRecord(event.detail)) {
    need(typeof event.detail.eventName === 'string',
      ['detail', 'eventName'], 'a string');
  }
  return problems;
}

function failed(eventName: string, code: unknown): string {
  const text = typeof code === 'string' ? code : typeOf(code);
  return code === 'Client.DryRunOperation'
    ? `${eventName} was a dry run (${text}) and changed nothing`
    : `${eventName} failed with ${text} and changed nothing`;
}

function passOver(detail: Json): string | undefined {
  const eventName = String(detail.eventName);
  const { errorCode, eventSource } = detail;
  if (errorCode !== undefined && errorCode !== null) {
    return failed(eventName, errorCode);
  }
  if (typeof eventSource === 'string' && eventSource !== EVENT_SOURCE) {
    return `${eventName} from ${eventSource} is not an EC2 call`;
  }
  if (!HANDLED.has(eventName)) {
    return `${eventName} is not an event driftguard acts on`;
  }
  return undefined;
}

/**
 * Decides what can be decided from the envelope alone: malformed, not a
 * CloudTrail EC2 call, a failed call, or an event name not handled.
 */
export function screen(event: unknown): ParseResult | Screened {
  if (!isRecord(event)) {
    return { decision: 'invalid', problems: [{
      path: '$',
      message: `expected an EventBridge event object, got ${typeOf(event)}`,
    }] };
  }
  const eventId = eventIdOf(event);
  const withId = eventId === undefined ? {} : { eventId };
  const type = event['detail-type'];
  if (typeof type === 'string' && type !== DETAIL_TYPE) {
    return { decision: 'ignore', ...withId,
      reason: `"${type}" events are not API calls recorded by CloudTrail` };
  }
  if (typeof event.source === 'string' && event.source !== SOURCE) {
    return { decision: 'ignore', ...withId,
      reason: `events from ${event.source} are not EC2 API calls` };
  }
  const problems = envelopeProblems(event);
  if (problems.length > 0) return { decision: 'invalid', ...withId, problems };

  const detail = event.detail as Json;
  const eventName = detail.eventName as string;
  const reason = passOver(detail);
  if (reason !== undefined) {
    return { decision: 'ignore', ...withId, eventName, reason };
  }
  return { event, detail, eventName: eventName as HandledEventName };
}
