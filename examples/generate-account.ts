/**
 * Writes the example account snapshot, examples/account.json, and the
 * findings a sweep of it must produce, examples/EXPECTED.md.
 *
 *   node examples/generate-account.ts
 *
 * Deterministic: no randomness and no clock; every id is a hash of the names
 * in the catalogue (generator/groups-*.ts, generator/enis.ts), so running it
 * again gives the same bytes.
 */
import { writeFileSync } from 'node:fs';
import type { Snapshot } from '../shared/snapshot/types.ts';
import { renderExpected } from './generator/expected-doc.ts';
import { INTERFACES } from './generator/enis.ts';
import { PROD_DRIFTED } from './generator/groups-prod-drift.ts';
import { PROD_CLEAN } from './generator/groups-prod.ts';
import {
  SANDBOX,
  STAGING_CLEAN,
  STAGING_DRIFTED,
} from './generator/groups-staging.ts';
import { buildInterfaces } from './generator/interfaces.ts';
import { ACCOUNT, prefixLists, REGION } from './generator/network.ts';
import { buildGroups } from './generator/security-groups.ts';

export const GROUPS = [
  ...PROD_CLEAN,
  ...PROD_DRIFTED,
  ...STAGING_CLEAN,
  ...STAGING_DRIFTED,
  ...SANDBOX,
];

/** The snapshot and EXPECTED.md, as the bytes to write. */
export function buildAccount(): { account: string; expected: string } {
  const { groups, rules, index } = buildGroups(GROUPS);
  const snapshot: Snapshot = {
    Account: ACCOUNT,
    Region: REGION,
    SecurityGroups: groups,
    SecurityGroupRules: rules,
    NetworkInterfaces: buildInterfaces(INTERFACES),
    PrefixLists: prefixLists(),
  };
  return {
    account: `${JSON.stringify(snapshot, awsCliDates, 2)}\n`,
    expected: renderExpected(index, INTERFACES),
  };
}

/** The AWS CLI prints timestamps as 2026-10-05T08:30:00+00:00. */
function awsCliDates(this: unknown, key: string, value: unknown) {
  const raw = (this as Record<string, unknown>)[key];
  if (!(raw instanceof Date)) return value;
  return raw.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

if (import.meta.main) {
  const { account, expected } = buildAccount();
  const here = new URL('.', import.meta.url);
  writeFileSync(new URL('account.json', here), account);
  writeFileSync(new URL('EXPECTED.md', here), expected);
  console.log('wrote examples/account.json and examples/EXPECTED.md');
}
