import { tierGaps as gapsOf } from '../../shared/report/lacking.ts';
import type { TierGap } from '../../shared/report/lacking.ts';
import type { Report } from './summary.ts';

export type { Lacking, TierGap } from '../../shared/report/lacking.ts';

/**
 * Which resources lack each tier profile, by the definition the sweep
 * digest uses too (shared/report/lacking.ts), from the report's findings
 * and inventory.
 */
export function tierGaps(report: Report): TierGap[] {
  const inventory = report.inventory;
  return gapsOf(report.findings, {
    tiers: (inventory?.profiles ?? []).filter((p) => p.layer === 'tier')
      .map((p) => p.name),
    groups: inventory?.groups ?? [],
    interfaces: inventory?.interfaces ?? [],
  });
}
