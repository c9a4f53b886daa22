import { createHash } from 'node:crypto';

/**
 * A stable AWS-style identifier: `prefix-0` and 16 hex digits (17 in all, as
 * EC2 writes them), derived from the parts that name the resource. The same
 * parts always give the same id, so regenerating the account keeps every id
 * that exemptions, settings and EXPECTED.md refer to.
 */
export function awsId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256')
    .update([prefix, ...parts].join('\u0000'))
    .digest('hex');
  return `${prefix}-0${digest.slice(0, 16)}`;
}

/** A locally administered MAC address, derived like {@link awsId}. */
export function macAddress(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  const octets = [0x0a, ...digest.subarray(0, 5)];
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}
