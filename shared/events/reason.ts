import type { Targets } from './handler.ts';
import type { Actor } from './types.ts';

// Sentences for people: what was called, on what, by whom. They go into
// logs, alerts and the audit log, so they name ids rather than describe.

/** Up to five items, then how many more. */
export function listed(items: readonly string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

/** Who made a call: the ARN, else the service, else the principal. */
export function who(actor: Actor): string {
  const name = actor.arn ?? actor.invokedBy ?? actor.principalId ??
    `an ${actor.type} identity`;
  const via = actor.arn !== undefined && actor.invokedBy !== undefined
    ? ` via ${actor.invokedBy}`
    : '';
  return name + via;
}

/**
 * What a call acted on: the instances and interfaces it launched or
 * changed, with their groups; else the groups themselves.
 */
function subjects(targets: Targets): string {
  const groups = [
    ...targets.groupIds ?? [],
    ...(targets.groupNames ?? []).map((g) => `group "${g.name}"`),
  ];
  const resources = [
    ...targets.instanceIds ?? [],
    ...targets.networkInterfaceIds ?? [],
  ];
  if (resources.length === 0) return listed(groups);
  if (groups.length === 0) return listed(resources);
  return `${listed(resources)} with ${listed(groups)}`;
}

function tagKeys(targets: Targets): string {
  const tags = targets.tagChange?.tags;
  if (tags === undefined) return '';
  if (tags.length === 0) return ' of every tag';
  return ` of ${listed(tags.map((t) => t.key))}`;
}

/** `AuthorizeSecurityGroupIngress on sg-… by arn:…`. */
export function describeChange(
  eventName: string,
  targets: Targets,
  actor: Actor,
): string {
  return `${eventName}${tagKeys(targets)} on ${subjects(targets)} by ` +
    who(actor);
}
