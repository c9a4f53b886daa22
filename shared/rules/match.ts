import {
  cidrContains,
  cidrsOverlap,
  isPublic,
  isWhollyPublic,
} from './cidr.ts';
import {
  ALL_ICMP,
  ALL_PROTOCOLS,
  rangeContains,
  rangesOverlap,
} from './protocol.ts';
import type { MatchContext, PeerSelector, Selector } from './selector.ts';
import type { CidrBlock, Direction, Peer, PortRange, Rule } from './types.ts';

interface Traffic {
  readonly protocol: number;
  readonly ports: PortRange;
}

function sameWay(sel: Selector, direction: Direction): boolean {
  return sel.direction === 'both' || sel.direction === direction;
}

function waysMeet(a: Selector, b: Selector): boolean {
  return a.direction === 'both' || b.direction === 'both' ||
    a.direction === b.direction;
}

/** True when `outer` carries every packet `inner` does (protocol, ports). */
function trafficContains(outer: Traffic, inner: Traffic): boolean {
  if (outer.protocol === ALL_PROTOCOLS) return true;
  return outer.protocol === inner.protocol &&
    rangeContains(outer.ports, inner.ports);
}

/** True when some packet is carried by both. */
function trafficOverlaps(a: Traffic, b: Traffic): boolean {
  if (a.protocol === ALL_PROTOCOLS || b.protocol === ALL_PROTOCOLS) {
    return true;
  }
  return a.protocol === b.protocol && rangesOverlap(a.ports, b.ports);
}

function isBroader(sel: PeerSelector, block: CidrBlock): boolean {
  if (sel.kind !== 'broaderThan') return false;
  const limit = block.family === 4 ? sel.ipv4 : sel.ipv6;
  return limit !== undefined && block.prefix < limit;
}

/** True when a deny-style peer selector matches some address of `block`. */
function blockMeets(sel: PeerSelector, block: CidrBlock): boolean {
  switch (sel.kind) {
    case 'any':
      return true;
    case 'public':
      return isPublic(block);
    case 'broaderThan':
      return isBroader(sel, block);
    case 'cidr':
      return sel.blocks.some((b) => cidrsOverlap(b, block));
    default:
      return false;
  }
}

function peerCovered(
  sel: PeerSelector,
  peer: Peer,
  ctx: MatchContext,
): boolean {
  switch (sel.kind) {
    case 'any':
      return true;
    case 'cidr':
      return peer.kind === 'cidr' &&
        sel.blocks.some((b) => cidrContains(b, peer.block));
    case 'prefixList':
      return peer.kind === 'prefixList' &&
        ctx.prefixListIds(sel.ref).has(peer.id);
    case 'group':
      return peer.kind === 'group' && peer.groupId === sel.groupId;
    case 'self':
      return peer.kind === 'group' && peer.groupId === ctx.groupId;
    case 'profile':
      return peer.kind === 'group' &&
        ctx.hasProfile(peer.groupId, sel.profile);
    default:
      return false;
  }
}

/**
 * True when an allow approves the rule whole: same direction, protocol
 * equal (or the allow says all), ports contained, peer contained.
 */
export function allowCovers(
  allow: Selector,
  rule: Rule,
  ctx: MatchContext,
): boolean {
  return sameWay(allow, rule.direction) &&
    trafficContains(allow, rule) &&
    peerCovered(allow.peer, rule.peer, ctx);
}

/** True when a deny shares any traffic with the rule. */
export function denyMatches(deny: Selector, rule: Rule): boolean {
  if (!sameWay(deny, rule.direction) || !trafficOverlaps(deny, rule)) {
    return false;
  }
  if (rule.peer.kind === 'cidr') return blockMeets(deny.peer, rule.peer.block);
  return deny.peer.kind === 'any';
}

/**
 * True when the rule carries every ICMP code (rules of other protocols
 * have no codes to narrow them). A profile's ICMP rule speaks of types,
 * any code, so a rule of one code (type 3 code 4) holds only part of what
 * a require of type 3 asks for.
 */
function allCodes(rule: Rule): boolean {
  const codes = rule.icmpCodes;
  return !codes || rangeContains(codes, ALL_ICMP);
}

/**
 * The parts of a require that no single rule covers: for a CIDR set, the
 * members left uncovered; otherwise the whole require or nothing. A rule
 * covers a require when it carries all its traffic to all its peer,
 * whether or not the rule itself is approved.
 */
export function missingParts(
  require: Selector,
  rules: readonly Rule[],
  ctx: MatchContext,
): string[] {
  const direction = require.direction;
  const candidates = rules.filter((r) =>
    (direction === 'both' || r.direction === direction) &&
    trafficContains(r, require) && allCodes(r));
  const peer = require.peer;
  if (peer.kind === 'cidr') {
    return peer.blocks
      .filter((block) => !candidates.some((r) =>
        r.peer.kind === 'cidr' && cidrContains(r.peer.block, block)))
      .map((block) => block.text);
  }
  const present = candidates.some((r) => peerCovered(peer, r.peer, ctx));
  return present ? [] : [describePeer(peer)];
}

/**
 * True when every rule the allow could approve is matched by the deny: the
 * allow can never take effect. CIDR sets count member by member.
 */
export function denyContainsAllow(deny: Selector, allow: Selector): boolean {
  const ways = deny.direction === 'both' || deny.direction === allow.direction;
  if (!ways || !trafficContains(deny, allow)) return false;
  const d = deny.peer;
  const a = allow.peer;
  if (d.kind === 'any') return true;
  if (a.kind !== 'cidr') return false;
  return a.blocks.every((block) => blockInside(d, block));
}

function blockInside(sel: PeerSelector, block: CidrBlock): boolean {
  switch (sel.kind) {
    case 'public':
      return isWhollyPublic(block);
    case 'cidr':
      return sel.blocks.some((b) => cidrContains(b, block));
    default:
      // broaderThan never holds a whole allow: narrower rules inside it stay.
      return false;
  }
}

/**
 * True when a rule that satisfies the require must share traffic with the
 * deny: the require can never be met without breaking the deny.
 */
export function denyForbidsRequire(
  deny: Selector,
  require: Selector,
): boolean {
  if (!waysMeet(deny, require) || !trafficOverlaps(deny, require)) {
    return false;
  }
  const peer = require.peer;
  if (deny.peer.kind === 'any') return true;
  if (peer.kind !== 'cidr') return false;
  return peer.blocks.some((block) => blockMeets(deny.peer, block));
}

/** A short text for a peer selector, as a profile would write it. */
export function describePeer(peer: PeerSelector): string {
  switch (peer.kind) {
    case 'cidr':
      return peer.blocks.map((b) => b.text).join(', ');
    case 'prefixList':
      return `prefix list ${peer.ref}`;
    case 'profile':
      return `groups with profile ${peer.profile}`;
    case 'group':
      return peer.groupId;
    case 'self':
      return 'self';
    case 'public':
      return 'public addresses';
    case 'any':
      return 'any peer';
    case 'broaderThan':
      return `blocks broader than ${[
        peer.ipv4 !== undefined ? `/${peer.ipv4} (IPv4)` : '',
        peer.ipv6 !== undefined ? `/${peer.ipv6} (IPv6)` : '',
      ].filter(Boolean).join(' or ')}`;
  }
}
