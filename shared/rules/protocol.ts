import type { PortRange } from './types.ts';

/** Every protocol, as EC2 spells it (`-1`). */
export const ALL_PROTOCOLS = -1;
export const ICMP = 1;
export const TCP = 6;
export const UDP = 17;
export const ICMPV6 = 58;

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };
export const ALL_ICMP: PortRange = { from: 0, to: 255 };

const NAMES: Record<string, number> = {
  all: ALL_PROTOCOLS,
  '-1': ALL_PROTOCOLS,
  icmp: ICMP,
  tcp: TCP,
  udp: UDP,
  icmpv6: ICMPV6,
};

const SPELLING: Record<number, string> = {
  [ALL_PROTOCOLS]: 'all',
  [ICMP]: 'icmp',
  [TCP]: 'tcp',
  [UDP]: 'udp',
  [ICMPV6]: 'icmpv6',
};

/**
 * The protocol number of a name or number as EC2 or a profile writes it
 * (`tcp`, `6`, `-1`, `all`, `50`), or undefined when it is neither.
 */
export function protocolNumber(value: string | number): number | undefined {
  const text = String(value).trim().toLowerCase();
  const named = NAMES[text];
  if (named !== undefined) return named;
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 255 ? n : undefined;
}

/** The usual name of a protocol number (`tcp`, `all`), else the number. */
export function protocolName(protocol: number): string {
  return SPELLING[protocol] ?? String(protocol);
}

/** True for protocols whose rules carry a port range. */
export function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP;
}

/** True for protocols whose `ports` are ICMP types. */
export function isIcmp(protocol: number): boolean {
  return protocol === ICMP || protocol === ICMPV6;
}

/** The full range of a protocol: all ports, or all ICMP types. */
export function fullRange(protocol: number): PortRange {
  return isIcmp(protocol) ? ALL_ICMP : ALL_PORTS;
}

/** True when `outer` contains every value of `inner`. */
export function rangeContains(outer: PortRange, inner: PortRange): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

/** True when the ranges share at least one value. */
export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** `22`, `9092-9093` or `all` for a range of a protocol. */
export function formatRange(protocol: number, range: PortRange): string {
  const full = fullRange(protocol);
  if (protocol === ALL_PROTOCOLS) return 'all';
  if (range.from === full.from && range.to === full.to) return 'all';
  if (range.from === range.to) return String(range.from);
  return `${range.from}-${range.to}`;
}
