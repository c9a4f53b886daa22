/**
 * A small language for writing security group rules by hand, one rule per
 * peer, the way describe-security-group-rules lists them:
 *
 *   inbound('tcp 9092-9093', sg('prod-orders-client'), 'Kafka from orders')
 *   inbound('icmp 3/4', cidr('10.10.0.0/16'))   // ICMP type 3, code 4
 *   outbound('all', cidr('0.0.0.0/0'))          // IpProtocol -1
 *   inbound('50', cidr('192.0.2.10/32'))        // IP protocol 50, no ports
 */
import type { FindingKind as EngineKind } from '../../shared/engine/types.ts';

/** The finding kinds the example account is built to produce. */
/** The kinds a snapshot alone can show (not the event-only ones). */
export type FindingKind = Exclude<
  EngineKind,
  'binding-tampered' | 'vendor-created-group'
>;

/** A finding the engine must report, and why; documented in EXPECTED.md. */
export interface Expectation {
  kind: FindingKind;
  /** Profile rule ids that decide it (a deny, a require); any may be named. */
  policyRules?: string[];
  /** Name of the exemption that suppresses it while valid. */
  suppressedBy?: string;
  why: string;
}

export const SELF = '@self';

export type Peer =
  | { cidr: string }
  | { prefixList: string }
  | { group: string }
  | { foreignGroup: string; account: string; peering: string; vpc: string };

export interface Ports {
  from: number;
  to: number;
}

export interface RuleSpec {
  egress: boolean;
  /** As AWS writes it: tcp, udp, icmp, -1 or a number such as "50". */
  protocol: string;
  /** Port range, or ICMP type and code; absent for -1 and other numbers. */
  ports?: Ports;
  peer: Peer;
  description?: string;
  expect?: Expectation;
}

export const cidr = (value: string): Peer => ({ cidr: value });
export const pl = (id: string): Peer => ({ prefixList: id });
/** Another group of the same VPC, by name; `sg(SELF)` is the group itself. */
export const sg = (name: string): Peer => ({ group: name });

function portRange(range: string | undefined, spec: string): Ports {
  const [from, to = from] = (range ?? '').split('-').map(Number);
  if (from === undefined || Number.isNaN(from) || Number.isNaN(to)) {
    throw new Error(`"${spec}" needs a port or port range`);
  }
  return { from, to: to ?? from };
}

function icmpTypeCode(typeCode: string | undefined): Ports {
  if (typeCode === undefined) return { from: -1, to: -1 };
  const [type, code = '-1'] = typeCode.split('/');
  return { from: Number(type), to: Number(code) };
}

/** Parses "tcp 22", "udp 500", "icmp 8", "icmp 3/4", "all" or "50". */
export function traffic(spec: string): Pick<RuleSpec, 'protocol' | 'ports'> {
  const [protocol = '', range] = spec.split(' ');
  if (protocol === 'all') return { protocol: '-1' };
  if (protocol === 'icmp') return { protocol, ports: icmpTypeCode(range) };
  if (protocol === 'tcp' || protocol === 'udp') {
    return { protocol, ports: portRange(range, spec) };
  }
  if (!/^\d+$/.test(protocol) || range !== undefined) {
    throw new Error(`cannot read traffic "${spec}"`);
  }
  return { protocol };
}

export function inbound(
  spec: string,
  peer: Peer,
  description?: string,
): RuleSpec {
  return { egress: false, ...traffic(spec), peer, description };
}

export function outbound(
  spec: string,
  peer: Peer,
  description?: string,
): RuleSpec {
  return { egress: true, ...traffic(spec), peer, description };
}

/** Marks a rule as drift: the finding it must produce. */
export function drift(rule: RuleSpec, expect: Expectation): RuleSpec {
  return { ...rule, expect };
}
