import {
  formatRange,
  isIcmp,
  protocolName,
  type Peer,
  type Rule,
} from '../rules/index.ts';
import type { RuleView } from './types.ts';

/**
 * How a finding shows an actual rule's peer; a referenced group's account
 * is shown when it is not `account`.
 */
export function peerText(peer: Peer, groupId: string, account = ''): string {
  switch (peer.kind) {
    case 'cidr':
      return peer.block.text;
    case 'prefixList':
      return peer.id;
    case 'group': {
      if (peer.groupId === groupId) return `${peer.groupId} (self)`;
      return peer.ownerId && peer.ownerId !== account
        ? `${peer.ownerId}/${peer.groupId}`
        : peer.groupId;
    }
  }
}

function portsText(rule: Rule): string {
  const types = formatRange(rule.protocol, rule.ports);
  if (!isIcmp(rule.protocol) || !rule.icmpCodes) return types;
  const codes = formatRange(rule.protocol, rule.icmpCodes);
  return codes === 'all' ? types : `${types}/${codes}`;
}

/** The rule as findings show it. */
export function ruleView(rule: Rule, account = ''): RuleView {
  const view: RuleView = {
    protocol: protocolName(rule.protocol),
    ports: portsText(rule),
    peer: peerText(rule.peer, rule.groupId, account),
  };
  if (rule.description) view.description = rule.description;
  return view;
}

/** `ingress tcp 22 from 0.0.0.0/0`, for messages. */
export function ruleText(rule: Rule, account = ''): string {
  const view = ruleView(rule, account);
  const way = rule.direction === 'ingress' ? 'from' : 'to';
  const ports = view.protocol === 'all' ? '' : ` ${view.ports}`;
  return `${rule.direction} ${view.protocol}${ports} ${way} ${view.peer}`;
}
