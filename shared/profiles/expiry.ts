import { DATE } from './schema/fields.ts';
import type { BundleExemption } from './types.ts';

/**
 * When an exemption's `expires` stops it: a timestamp at that instant, a
 * bare date at the end of that day (UTC), so `2027-01-31` still holds on
 * the 31st.
 */
export function expiryTime(expires: string): Date {
  if (DATE.test(expires)) {
    return new Date(Date.parse(`${expires}T00:00:00Z`) + 86_400_000);
  }
  return new Date(expires);
}

/** True when the exemption no longer holds at `now`. */
export function isExpired(exemption: BundleExemption, now: Date): boolean {
  return expiryTime(exemption.expires).getTime() <= now.getTime();
}
