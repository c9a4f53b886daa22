import { describeRule, rulesOf } from '../aws/permission.ts';
import type { Finding } from '../engine/types.ts';
import type { PlannedAction } from '../remediation/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { ActionItem } from './types.ts';

type Place = Pick<ActionItem, 'account' | 'region' | 'groupId'>;

/**
 * The writes of a remediation plan one rule or interface at a time, so
 * two plans compare item by item: a revoke per rule id, an authorization
 * per peer (descriptions left out), a quarantine per interface moved.
 */
export function actionItems(
  actions: readonly PlannedAction[],
  snapshot: Snapshot,
): ActionItem[] {
  return actions.flatMap((action) => {
    const place = { account: snapshot.Account, region: snapshot.Region,
      groupId: action.groupId };
    const because = reasons(action.findings);
    return itemsOf(action, place, snapshot)
      .map((item) => ({ ...place, ...item, because }));
  });
}

type Item = Omit<ActionItem, keyof Place | 'because'>;

function itemsOf(
  action: PlannedAction,
  place: Place,
  snapshot: Snapshot,
): Item[] {
  const on = `on ${place.groupId}`;
  switch (action.kind) {
    case 'revoke-rules':
      return action.ruleIds.map((ruleId) => revoke(action, ruleId, on));
    case 'authorize-rules':
      return action.permissions.flatMap((permission) => rulesOf(permission,
        { groupId: place.groupId, isEgress: action.direction === 'egress' }))
        .map((rule) => ({ kind: 'authorize', direction: action.direction,
          text: `authorize ${describeRule(rule)} ${on}` }));
    case 'quarantine':
      return quarantined(action, place.groupId, snapshot);
    case 'detach-group':
      return [{ kind: 'detach', networkInterfaceId: action.networkInterfaceId,
        text: `detach ${place.groupId} from ${action.networkInterfaceId}` }];
    case 'restore-tag':
      return [{ kind: 'restore-tag',
        text: `restore tag ${action.key}=${action.value} ${on}` }];
  }
}

function revoke(
  action: PlannedAction,
  ruleId: string,
  on: string,
): Item {
  const f = action.findings.find((x) => x.ruleId === ruleId);
  const way = f?.direction === 'egress' ? 'to' : 'from';
  const rule = f?.rule
    ? `${f.direction} ${f.rule.protocol}` +
      `${f.rule.protocol === 'all' ? '' : ` ${f.rule.ports}`} ` +
      `${way} ${f.rule.peer} `
    : '';
  const item: Item = { kind: 'revoke', ruleId,
    text: `revoke ${rule}(${ruleId}) ${on}` };
  if (f?.direction) item.direction = f.direction;
  return item;
}

function quarantined(
  action: Extract<PlannedAction, { kind: 'quarantine' }>,
  groupId: string,
  snapshot: Snapshot,
): Item[] {
  const enis = action.networkInterfaceIds ??
    (snapshot.NetworkInterfaces ?? [])
      .filter((eni) => eni.Groups?.some((g) => g.GroupId === groupId))
      .map((eni) => eni.NetworkInterfaceId ?? '');
  if (enis.length === 0) {
    return [{ kind: 'quarantine',
      text: `quarantine ${groupId} (no interface carries it now)` }];
  }
  return [...enis].sort().map((eni) => ({ kind: 'quarantine',
    networkInterfaceId: eni, text: `quarantine ${eni} (off ${groupId})` }));
}

function reasons(findings: readonly Finding[]): string[] {
  const why = findings.map((f) => f.profile && f.policyRule
    ? `${f.profile}/${f.policyRule}` : f.kind);
  return [...new Set(why)].sort();
}

/** The identity of a write across versions: where, and what it does. */
export function actionKey(item: ActionItem): string {
  return `${item.account}|${item.region}|${item.text}`;
}
