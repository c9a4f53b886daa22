import {
  fullRange,
  parseCidr,
  protocolNumber,
  type Direction,
  type MatchContext,
  type Peer,
  type PeerSelector,
  type PortRange,
  type Rule,
  type Selector,
} from '../../../shared/rules/index.ts';

export const OWN = 'sg-00000000000000001';
export const CLIENT = 'sg-00000000000000002';
export const OTHER = 'sg-00000000000000003';

function range(protocol: number, ports?: string): PortRange {
  if (ports === undefined || ports === 'all') return fullRange(protocol);
  const [from, to = from] = ports.split('-').map(Number);
  return { from: from!, to: to! };
}

/** A peer written briefly: a CIDR, `pl-…`, or `sg-…`. */
export function peer(text: string): Peer {
  if (text.startsWith('pl-')) return { kind: 'prefixList', id: text };
  if (text.startsWith('sg-')) return { kind: 'group', groupId: text };
  return { kind: 'cidr', block: parseCidr(text) };
}

/** An actual rule, e.g. rule('ingress', 'tcp', '22', '0.0.0.0/0'). */
export function rule(
  direction: Direction,
  protocol: string,
  ports: string | undefined,
  to: string,
  codes?: string,
): Rule {
  const number = protocolNumber(protocol)!;
  const p = peer(to);
  const ranges = range(number, ports);
  const icmpCodes = codes === undefined ? undefined : range(1, codes);
  return {
    groupId: OWN, direction, protocol: number, ports: ranges, icmpCodes,
    peer: p, ruleId: undefined, description: undefined,
  };
}

/** A profile-side peer: CIDRs (comma list), or a named kind. */
export function peerSel(text: string): PeerSelector {
  if (text === 'self') return { kind: 'self' };
  if (text === 'any') return { kind: 'any' };
  if (text === 'public') return { kind: 'public' };
  if (text.startsWith('broader:')) {
    const [v4, v6] = text.slice(8).split('/');
    return { kind: 'broaderThan',
      ...(v4 ? { ipv4: Number(v4) } : {}),
      ...(v6 ? { ipv6: Number(v6) } : {}) };
  }
  if (text.startsWith('profile:')) {
    return { kind: 'profile', profile: text.slice(8) };
  }
  if (text.startsWith('pl:')) return { kind: 'prefixList', ref: text.slice(3) };
  if (text.startsWith('sg-')) return { kind: 'group', groupId: text };
  return { kind: 'cidr', blocks: text.split(',').map((c) => parseCidr(c)) };
}

/** A selector, e.g. sel('ingress', 'tcp', '9092-9093', 'profile:client'). */
export function sel(
  direction: Direction | 'both',
  protocol: string,
  ports: string | undefined,
  to: string,
): Selector {
  const number = protocolNumber(protocol)!;
  return { direction, protocol: number, ports: range(number, ports),
    peer: peerSel(to) };
}

/** CLIENT carries profile `client`; alias `s3` is pl-00000000000000s3. */
export const ctx: MatchContext = {
  groupId: OWN,
  hasProfile: (id, profile) => id === CLIENT && profile === 'client',
  prefixListIds: (ref) =>
    new Set(ref === 's3'
      ? ['pl-6da54004']
      : ref.startsWith('pl-') ? [ref] : []),
};
