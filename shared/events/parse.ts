import { ownRole } from './actor.ts';
import { readCommon, type Common } from './common.ts';
import { eventIdOf, screen } from './envelope.ts';
import type { Handler, Outcome } from './handler.ts';
import { createGroup, deleteGroup } from './handlers/groups.ts';
import { modifyInstance, modifyInterface } from './handlers/attachments.ts';
import { createInterface, runInstances } from './handlers/launches.ts';
import { modifyRules, ruleChange } from './handlers/rules.ts';
import { tagChange } from './handlers/tags.ts';
import { describeChange } from './reason.ts';
import type {
  BatchResult,
  Change,
  HandledEventName,
  ParseOptions,
  ParseResult,
  Problem,
} from './types.ts';

const HANDLERS: ReadonlyMap<HandledEventName, Handler> = new Map([
  ['AuthorizeSecurityGroupIngress', ruleChange],
  ['AuthorizeSecurityGroupEgress', ruleChange],
  ['RevokeSecurityGroupIngress', ruleChange],
  ['RevokeSecurityGroupEgress', ruleChange],
  ['UpdateSecurityGroupRuleDescriptionsIngress', ruleChange],
  ['UpdateSecurityGroupRuleDescriptionsEgress', ruleChange],
  ['ModifySecurityGroupRules', modifyRules],
  ['CreateSecurityGroup', createGroup],
  ['DeleteSecurityGroup', deleteGroup],
  ['ModifyNetworkInterfaceAttribute', modifyInterface],
  ['ModifyInstanceAttribute', modifyInstance],
  ['RunInstances', runInstances],
  ['CreateNetworkInterface', createInterface],
  ['CreateTags', tagChange],
  ['DeleteTags', tagChange],
]);

function toChange(
  eventName: HandledEventName,
  common: Common,
  outcome: Extract<Outcome, { type: 'change' }>,
): Change {
  const { targets } = outcome;
  const { kind, ...rest } = targets;
  const { eventId, ...when } = common;
  return {
    eventId,
    eventName,
    kind,
    ...when,
    groupIds: [],
    groupNames: [],
    networkInterfaceIds: [],
    instanceIds: [],
    ruleIds: [],
    permissions: [],
    ...rest,
    reason: describeChange(eventName, targets, common.actor),
  };
}

function invalid(event: unknown, problems: Problem[]): ParseResult {
  const eventId = eventIdOf(event);
  return eventId === undefined
    ? { decision: 'invalid', problems }
    : { decision: 'invalid', eventId, problems };
}

/** The own roles of options, tolerating what a JavaScript caller passes. */
function ownRolesOf(options: ParseOptions | undefined): readonly unknown[] {
  const roles: unknown = options?.ownRoles;
  return Array.isArray(roles) ? roles : [];
}

function parse(event: unknown, options: ParseOptions): ParseResult {
  const screened = screen(event);
  if ('decision' in screened) return screened;
  const { detail, eventName } = screened;

  const handler = HANDLERS.get(eventName) as Handler;
  const input = {
    eventName,
    request: detail.requestParameters,
    response: detail.responseElements,
  };
  const common = readCommon(event);
  if (Array.isArray(common)) {
    const outcome = handler(input);
    const more = outcome.type === 'invalid' ? outcome.problems : [];
    return invalid(event, [...common, ...more]);
  }

  const { eventId } = common;
  const issuer = ownRole(common.actor, ownRolesOf(options),
    common.account);
  if (issuer !== undefined) {
    return { decision: 'ignore', eventId, eventName,
      reason: `${eventName} was made by driftguard's own role ${issuer}` };
  }
  const outcome = handler(input);
  if (outcome.type === 'invalid') return invalid(event, outcome.problems);
  if (outcome.type === 'ignore') {
    return { decision: 'ignore', eventId, eventName, reason: outcome.reason };
  }
  return { decision: 'evaluate', change: toChange(eventName, common, outcome) };
}

/**
 * Reads one EventBridge event of a CloudTrail-recorded EC2 call into what
 * to do with it: `evaluate` a change, `ignore` it (failed calls,
 * driftguard's own changes, events that touch no security group, other
 * events), or reject it as `invalid`, naming every problem by JSON path.
 * Never throws, whatever it is given.
 */
export function parseEvent(
  event: unknown,
  options: ParseOptions,
): ParseResult {
  try {
    return parse(event, options);
  } catch (error) {
    // Only a hostile value (a throwing getter, a proxy) gets here; JSON
    // never does. It is reported like any other malformed event.
    const message = error instanceof Error ? error.message : String(error);
    let eventId: string | undefined;
    try {
      eventId = eventIdOf(event);
    } catch {
      eventId = undefined;
    }
    const problems = [{ path: '$', message: `unreadable: ${message}` }];
    return eventId === undefined
      ? { decision: 'invalid', problems }
      : { decision: 'invalid', eventId, problems };
  }
}

/**
 * Reads a batch of events, each on its own: one malformed event never
 * hides another. Results keep the order and index of their events.
 */
export function parseBatch(
  events: readonly unknown[],
  options: ParseOptions,
): BatchResult[] {
  if (!Array.isArray(events)) {
    return [{ index: 0, decision: 'invalid', problems: [{
      path: '$', message: 'expected an array of events',
    }] }];
  }
  return events.map((event, index) =>
    ({ index, ...parseEvent(event, options) }));
}
