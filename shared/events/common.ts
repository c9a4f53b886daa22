import type { z } from 'zod';
import { actorOf, identitySchema } from './actor.ts';
import { eventIdOf } from './envelope.ts';
import { record, text, typeOf } from './fields.ts';
import { read } from './handler.ts';
import type { Actor, Problem } from './types.ts';

// The fields every change carries. EventBridge and CloudTrail both give
// the account, region and time; CloudTrail's are preferred, being the
// record of the call itself.

const commonSchema = record({
  id: text.optional(),
  account: text.optional(),
  region: text.optional(),
  time: text.optional(),
  detail: record({
    eventID: text.optional(),
    eventTime: text.optional(),
    awsRegion: text.optional(),
    recipientAccountId: text.optional(),
    requestID: text.optional(),
    sourceIPAddress: text.optional(),
    userAgent: text.optional(),
    userIdentity: identitySchema,
  }),
});

/** What every change carries, whatever its event name. */
export interface Common {
  eventId: string;
  eventTime: string;
  account: string;
  region: string;
  actor: Actor;
  requestId?: string;
}

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface Field {
  value: string | undefined;
  path: string;
}

/** The first of two places a value may be, with the path it came from. */
function either(first: Field, second: Field): Field {
  return first.value !== undefined ? first : second;
}

const isAccount = (value: string) => /^\d{12}$/.test(value);

/**
 * CloudTrail's `recipientAccountId`, else EventBridge's `account`; also
 * EventBridge's when CloudTrail's is masked (published records shorten
 * account ids) and EventBridge's is a whole account id. EventBridge keeps
 * the account an event came from when it is forwarded to another bus.
 */
function accountOf(data: z.output<typeof commonSchema>): Field {
  const recipient = { value: data.detail.recipientAccountId,
    path: '$.detail.recipientAccountId' };
  const envelope = { value: data.account, path: '$.account' };
  const good = (field: Field) =>
    field.value !== undefined && isAccount(field.value);
  return !good(recipient) && good(envelope)
    ? envelope
    : either(recipient, envelope);
}

function check(
  field: Field,
  ok: (value: string) => boolean,
  what: string,
  problems: Problem[],
): string {
  const { value, path } = field;
  if (value !== undefined && ok(value)) return value;
  problems.push({ path, message: value === undefined
    ? `missing: expected ${what}`
    : `expected ${what}, got ${typeOf(value)}` });
  return '';
}

function resolve(data: z.output<typeof commonSchema>): Common | Problem[] {
  const { detail } = data;
  const problems: Problem[] = [];
  const at = (value: string | undefined, path: string) => ({ value, path });
  const eventId = check(at(eventIdOf(data), '$.detail.eventID'),
    () => true, 'an event id (detail.eventID or id)', problems);
  const eventTime = check(either(
    at(detail.eventTime, '$.detail.eventTime'), at(data.time, '$.time'),
  ), (v) => RFC3339.test(v) && !Number.isNaN(Date.parse(v)),
  'an RFC 3339 time', problems);
  const account = check(accountOf(data), isAccount, 'a 12-digit account id',
    problems);
  const region = check(either(
    at(detail.awsRegion, '$.detail.awsRegion'), at(data.region, '$.region'),
  ), (v) => /^[a-z0-9]+(-[a-z0-9]+)+$/.test(v), 'a region', problems);
  if (problems.length > 0) return problems;

  const actor = actorOf(
    detail.userIdentity, detail.sourceIPAddress, detail.userAgent);
  const common: Common = { eventId, eventTime, account, region, actor };
  if (detail.requestID !== undefined) common.requestId = detail.requestID;
  return common;
}

/** Reads what every change carries; problems name where it is wrong. */
export function readCommon(event: unknown): Common | Problem[] {
  const result = read(commonSchema, event, '$');
  return result.ok ? resolve(result.data) : result.problems;
}
