import {
  formatRange,
  isIcmp,
  protocolName,
  type Peer,
  type Rule,
} from '../rules/index.ts';
import type { RuleView } from './types.ts';

/** How a finding shows an actual rule's peer. */
export function peerText(peer: Peer, groupId: string): string {
  switch (peer.kind) {
    case 'cidr':
      return peer.block.text;
    case 'prefixList':
      return peer.id;
    case 'group': {
      if (peer.groupId === groupId) return `${peer.groupId} (self)`;
      return peer.ownerId
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
export function ruleView(rule: Rule): RuleView {
  const view: RuleView = {
    protocol: protocolName(rule.protocol),
    ports: portsText(rule),
    peer: peerText(rule.peer, rule.groupId),
  };
  if (rule.description) view.description = rule.description;
  return view;
}

/** `ingress tcp 22 from 0.0.0.0/0`, for messages. */
export function ruleText(rule: Rule): string {
  const view = ruleView(rule);
  const way = rule.direction === 'ingress' ? 'from' : 'to';
  const ports = view.protocol === 'all' ? '' : ` ${view.ports}`;
  return `${rule.direction} ${view.protocol}${ports} ${way} ${view.peer}`;
}
