import { describe, expect, it } from 'vitest';
import { tierGaps } from '../../../cli/report/html-lacking.ts';
import { evaluate } from '../../../shared/engine/index.ts';
import { buildDigest } from '../../../shared/notify/digest.ts';
import { tiersOf } from '../../../shared/pipeline/sweep-result.ts';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import { regionInventory } from '../../../shared/report/inventory.ts';
import { PROFILES } from './helpers.ts';
import { exampleSnapshot, reportOf, WHEN } from './html-helpers.ts';

// The HTML report and the sweep digest answer the same question, "which
// resources lack each tier profile?", and must give the same answer.
describe('the resources lacking each tier profile', () => {
  it('are the same in the HTML report and the sweep digest', async () => {
    const snapshot = await exampleSnapshot();
    const { bundle } = await loadProfiles(PROFILES, { now: WHEN });
    const findings = evaluate(snapshot, bundle!, { now: WHEN }).findings;
    const report = await reportOf([snapshot]);

    const digest = buildDigest(findings, {
      sweepId: 's', dryRun: true, sample: 1000,
      scanned: [{ account: snapshot.Account, region: snapshot.Region }],
      tiers: tiersOf(bundle!), inventory: regionInventory(bundle!, snapshot),
    });

    const html = tierGaps(report).map((g) => ({ profile: g.tier,
      count: g.resources.length,
      resources: g.resources.map((r) => r.id).sort() }));
    expect(digest.lacking).toEqual(html);
    expect(digest.lacking.find((l) => l.profile === 'prod-network')?.count)
      .toBe(5);
  });
});
