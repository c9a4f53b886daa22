import ipaddr from 'ipaddr.js';
import type { CidrBlock } from './types.ts';

/** Why a CIDR could not be read; `message` says what was expected. */
export class CidrError extends Error {
  override name = 'CidrError';
}

const cache = new Map<string, CidrBlock>();

/**
 * How many blocks the caches of this module and of normalize.ts hold
 * before they start again: a warm Lambda sweeping account after account
 * keeps meeting new blocks, and a cache must not grow without end.
 */
export const MAX_CACHED_BLOCKS = 100_000;

/**
 * Reads an IPv4 or IPv6 CIDR block. IPv4 must be four decimal parts. With
 * `strict`, host bits set beyond the prefix are an error (profiles); without
 * it they are cleared (AWS already normalises what it stores).
 */
export function parseCidr(text: string, strict = false): CidrBlock {
  const key = strict ? `!${text}` : text;
  const hit = cache.get(key);
  if (hit) return hit;
  const block = readBlock(text, strict);
  if (cache.size >= MAX_CACHED_BLOCKS) cache.clear();
  cache.set(key, block);
  return block;
}

function readBlock(text: string, strict: boolean): CidrBlock {
  const [address, prefix] = splitCidr(text);
  const bytes = address.toByteArray();
  const bits = bytes.length * 8;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if (strict && (value & hostMask) !== 0n) {
    const network = value & ~hostMask;
    throw new CidrError(
      `${text} has host bits set beyond /${prefix}; ` +
        `the block starts at ${formatAddress(network, bits)}/${prefix}`,
    );
  }
  const first = value & ~hostMask;
  const last = first | hostMask;
  if (bits === 32) {
    const [lo, hi] = [Number(first), Number(last)];
    return { family: 4, text, prefix, first: lo, last: hi };
  }
  return { family: 6, text, prefix, first, last };
}

function splitCidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const ok = typeof text === 'string' &&
    (ipaddr.IPv4.isValidCIDRFourPartDecimal(text) ||
      (text.includes(':') && ipaddr.IPv6.isValidCIDR(text)));
  if (!ok) {
    throw new CidrError(
      `${JSON.stringify(text)} is not a CIDR block ` +
        '(expected an IPv4 block like 10.0.0.0/8 or IPv6 like 2001:db8::/32)',
    );
  }
  return ipaddr.parseCIDR(text);
}

function formatAddress(value: bigint, bits: number): string {
  const bytes: number[] = [];
  for (let i = bits - 8; i >= 0; i -= 8) {
    bytes.push(Number((value >> BigInt(i)) & 0xffn));
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** True when `outer` contains every address of `inner`. */
export function cidrContains(outer: CidrBlock, inner: CidrBlock): boolean {
  return outer.family === inner.family &&
    outer.first <= inner.first && inner.last <= outer.last;
}

/** True when the blocks share at least one address. */
export function cidrsOverlap(a: CidrBlock, b: CidrBlock): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

const PRIVATE = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10',
  '169.254.0.0/16', '127.0.0.0/8', 'fc00::/7', 'fe80::/10', '::1/128',
].map((text) => parseCidr(text));

/**
 * True when some part of the block lies outside the private, shared,
 * link-local and loopback ranges. The ranges are disjoint and not adjacent
 * as aligned blocks, so a block is wholly private only inside one of them.
 */
export function isPublic(block: CidrBlock): boolean {
  return !PRIVATE.some((range) => cidrContains(range, block));
}

/** True when no part of the block is private (wholly public). */
export function isWhollyPublic(block: CidrBlock): boolean {
  return !PRIVATE.some((range) => cidrsOverlap(range, block));
}
