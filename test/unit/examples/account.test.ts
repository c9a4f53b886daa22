import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTERFACES } from '../../../examples/generator/enis.ts';
import { interfaceId } from '../../../examples/generator/interfaces.ts';
import { buildGroups } from '../../../examples/generator/security-groups.ts';
import { GROUPS } from '../../../examples/generate-account.ts';
import { evaluate, type Finding } from '../../../shared/engine/index.ts';
import {
  checkCombinations,
  loadProfiles,
} from '../../../shared/profiles/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import { readSnapshot } from '../../../shared/snapshot/index.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';

const run = promisify(execFile);
const NOW = new Date('2026-12-01T00:00:00Z');
let bundle: IntentBundle;
let snapshot: Snapshot;

beforeAll(async () => {
  const loaded = await loadProfiles('examples/profiles', { now: NOW });
  bundle = loaded.bundle!;
  snapshot = await readSnapshot('examples/account.json');
});

interface Expected {
  where: string;
  kind: string;
  policyRules?: string[];
  suppressedBy?: string;
}

/** What examples/EXPECTED.md promises, from the generator's catalogue. */
function expectations(): Expected[] {
  const out: Expected[] = [];
  for (const group of buildGroups(GROUPS).index) {
    for (const e of group.spec.expect ?? []) {
      out.push({ where: group.id, ...e });
    }
    group.spec.rules.forEach((rule, i) => {
      if (rule.expect) {
        out.push({ where: `${group.id} ${group.ruleIds[i]}`, ...rule.expect });
      }
    });
  }
  for (const spec of INTERFACES) {
    for (const e of spec.expect ?? []) {
      out.push({ where: interfaceId(spec), ...e });
    }
  }
  return out;
}

function where(f: Finding): string {
  if (f.networkInterfaceId) return f.networkInterfaceId;
  return f.ruleId ? `${f.groupId} ${f.ruleId}` : f.groupId;
}

describe('the example account', () => {
  it('is what its generator writes, and holds together', async () => {
    const { stdout } = await run(process.execPath,
      ['examples/check-account.ts']);
    expect(stdout).toMatch(/ok|fine|consistent|up to date/i);
  });

  it('has profiles that load with one warning', async () => {
    const loaded = await loadProfiles('examples/profiles', { now: NOW });
    expect(loaded.diagnostics.map((d) => d.level)).toEqual(['warning']);
    expect(loaded.diagnostics[0]!.message).toMatch(/legacy-canary-listener/);
  });

  it('has one overlay that conflicts with the agent role, and no other', () => {
    const conflicts = checkCombinations(bundle);
    expect(conflicts.map((d) => [d.level, d.file])).toEqual([
      ['warning', 'roles/agent.yaml'],
      ['warning', 'roles/agent.yaml'],
    ]);
    expect(conflicts.every((d) =>
      d.message.includes('no-internet-egress/no-egress-to-public'))).toBe(true);
  });

  it('sweeps to exactly the findings EXPECTED.md lists', () => {
    const result = evaluate(snapshot, bundle, { now: NOW });
    const wanted = expectations();
    const reported = result.findings.map((f) => `${where(f)} ${f.kind}`);
    const suppressed = result.suppressed.map((f) => `${where(f)} ${f.kind}`);
    expect(reported.sort()).toEqual(wanted.filter((e) => !e.suppressedBy)
      .map((e) => `${e.where} ${e.kind}`).sort());
    expect(suppressed.sort()).toEqual(wanted.filter((e) => e.suppressedBy)
      .map((e) => `${e.where} ${e.kind}`).sort());
    const decided = (f: Finding) => wanted.some((e) =>
      e.where === where(f) && e.kind === f.kind &&
      (!e.policyRules || e.policyRules.includes(f.policyRule ?? '')));
    expect(result.findings.filter((f) => !decided(f))).toEqual([]);
  });

  it('shows every finding kind a snapshot alone can show', () => {
    const kinds = new Set(evaluate(snapshot, bundle, { now: NOW }).findings
      .map((f) => f.kind));
    expect([...kinds].sort()).toEqual([
      'attachment-missing-profile', 'denied-rule', 'expired-exemption',
      'foreign-group-attached', 'invalid-binding', 'missing-required-rule',
      'profile-conflict', 'unapproved-rule', 'unbound-group',
      'unknown-profile',
    ]);
    expect(snapshot.SecurityGroups.length).toBeGreaterThanOrEqual(30);
    expect(snapshot.NetworkInterfaces!.length).toBeGreaterThanOrEqual(40);
  });
});
