import { describeRule, rulesOf } from '../aws/permission.ts';
import type { Finding } from '../engine/types.ts';
import type { PlannedAction } from '../remediation/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { ActionItem } from './types.ts';

type Place = Pick<ActionItem, 'account' | 'region' | 'groupId'>;

/** One write of a plan, with the findings behind it. */
export interface PlannedItem {
  item: Omit<ActionItem, 'because'>;
  findings: readonly Finding[];
}

/**
 * The writes of a remediation plan one rule or interface at a time, so
 * two plans compare item by item: a revoke per rule id, an authorization
 * per peer (descriptions left out), a quarantine per interface moved.
 */
export function actionItems(
  actions: readonly PlannedAction[],
  snapshot: Snapshot,
): PlannedItem[] {
  return actions.flatMap((action) => {
    const place = { account: snapshot.Account, region: snapshot.Region,
      groupId: action.groupId };
    return itemsOf(action, place, snapshot).map((item) =>
      ({ item: { ...place, ...item }, findings: action.findings }));
  });
}

/**
 * A write with the profile rules behind it, as `explain` names them for
 * each finding; a finding it names none for counts by its kind.
 */
export function explained(
  planned: PlannedItem,
  explain: (f: Finding) => string[],
): ActionItem {
  const why = planned.findings.flatMap((f) => {
    const named = explain(f);
    return named.length > 0 ? named : [f.kind];
  });
  return { ...planned.item, because: [...new Set(why)].sort() };
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

/** The identity of a write across versions: where, and what it does. */
export function actionKey(item: Omit<ActionItem, 'because'>): string {
  return `${item.account}|${item.region}|${item.text}`;
}
