import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/engine/types.ts';
import {
  buildDigest,
  type SweepDigest,
} from '../../../shared/notify/digest.ts';
import {
  fitDigest,
  mergeDigests,
} from '../../../shared/notify/digest-merge.ts';
import { jsonBytes } from '../../../shared/notify/channel.ts';
import { finding } from './fixtures.ts';

const AT = new Date('2026-03-01T00:00:00Z');
const TIERS = ['prod-network', 'staging-network'];

const findingArb = fc.record({
  kind: fc.constantFrom('denied-rule', 'unbound-group',
    'attachment-missing-profile'),
  severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
  account: fc.constantFrom('111111111111', '222222222222'),
  region: fc.constantFrom('eu-west-1', 'us-east-1'),
  profile: fc.constantFrom('prod-network', 'staging-network', 'broker'),
  eni: fc.integer({ min: 1, max: 40 }),
}).map(({ eni, ...f }) => finding({ ...f as Partial<Finding>,
  // Interface ids are unique across accounts and regions, as in AWS.
  networkInterfaceId: `eni-${f.account}-${f.region}-${eni}` }));

function place(f: Finding): string {
  return `${f.account}/${f.region}`;
}

/** Each account-region's own digest, as the sweep workers store them. */
function perRegion(findings: Finding[]): SweepDigest[] {
  const places = new Map<string, Finding[]>();
  for (const f of findings) {
    places.set(place(f), [...(places.get(place(f)) ?? []), f]);
  }
  return [...places.values()].map((own) => buildDigest(own, {
    sweepId: 's', at: AT, dryRun: true, tiers: TIERS, sample: 1000,
    scanned: [{ account: own[0]!.account, region: own[0]!.region }],
  }));
}

describe('mergeDigests', () => {
  it('adds up per-region digests to the digest of all their findings',
    () => {
      fc.assert(fc.property(fc.array(findingArb, { maxLength: 60 }),
        (findings) => {
          const parts = perRegion(findings);
          const merged = mergeDigests(parts, { sweepId: 's', at: AT,
            dryRun: true, sample: 1000 });
          const whole = buildDigest(findings, { sweepId: 's', at: AT,
            dryRun: true, tiers: TIERS, sample: 1000,
            scanned: parts.flatMap((p) => p.scanned) });
          expect(merged.total).toBe(whole.total);
          expect(merged.severity).toBe(whole.severity);
          expect(merged.counts).toEqual(whole.counts);
          if (findings.length > 0) {
            expect(merged.lacking).toEqual(whole.lacking);
          }
        }));
    });

  it('lists unreachable account-regions and tripped budgets once', () => {
    const part = buildDigest([finding()], { sweepId: 's', at: AT,
      dryRun: false, scanned: [{ account: '1', region: 'r' }],
      budgetTripped: ['1'] });
    const merged = mergeDigests([part, part], { sweepId: 's', at: AT,
      dryRun: false, unreachable: [
        { account: '3', region: 'b', error: 'AccessDenied' },
        { account: '3', region: 'a', error: 'AccessDenied' }] });
    expect(merged.budgetTripped).toEqual(['1']);
    expect(merged.unreachable?.map((u) => u.region)).toEqual(['a', 'b']);
  });

  it('says low and counts nothing without findings', () => {
    const merged = mergeDigests([], { sweepId: 's', at: AT, dryRun: true });
    expect(merged).toMatchObject({ total: 0, severity: 'low', scanned: [],
      lacking: [] });
    expect(merged.unreachable).toBeUndefined();
  });
});

describe('fitDigest', () => {
  const scanned = Array.from({ length: 8500 }, (_, i) => ({
    account: String(100000000000 + Math.floor(i / 17)),
    region: `region-${i % 17}`,
  }));
  const big = mergeDigests([], { sweepId: 's', at: AT, dryRun: true });
  big.scanned = scanned;

  it('leaves a digest that fits as it is', () => {
    const small = { ...big, scanned: scanned.slice(0, 10) };
    expect(fitDigest(small)).toBe(small);
  });

  it('cuts the account-regions of 500 accounts in 17 regions to fit',
    () => {
      expect(jsonBytes(big)).toBeGreaterThan(256 * 1024);
      const fitted = fitDigest(big);
      expect(jsonBytes(fitted)).toBeLessThanOrEqual(200_000);
      expect(fitted.scannedTotal).toBe(8500);
      expect(fitted.scanned.length).toBeGreaterThan(1000);
      expect(scanned.slice(0, fitted.scanned.length)).toEqual(fitted.scanned);
    });
});
