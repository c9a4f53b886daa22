import { describe, expect, it } from 'vitest';
import { runDemo } from '../../cli/demo/script.ts';
import { loadProfiles } from '../../shared/profiles/index.ts';
import { emulatorEndpoint } from './emulator/aws.ts';

describe('driftguard demo', () => {
  it('rehearses four rogue changes and releases the quarantine', async () => {
    process.env.AWS_ACCESS_KEY_ID ??= 'testing';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
    const { bundle } = await loadProfiles('examples/profiles');
    const report = await runDemo(emulatorEndpoint(), bundle!);

    expect(report.initialFindings).toBe(0);
    const summary = report.steps.map((s) => ({
      findings: s.decision.findings.map((f) => f.kind),
      actions: s.decision.actions.map((a) => [a.action.kind, a.status]),
    }));
    expect(summary).toEqual([
      { findings: ['denied-rule'], actions: [['revoke-rules', 'done']] },
      { findings: ['missing-required-rule'],
        actions: [['authorize-rules', 'done']] },
      { findings: ['binding-tampered'], actions: [['restore-tag', 'done']] },
      { findings: ['foreign-group-attached'],
        actions: [['quarantine', 'done']] },
    ]);
    const { world, released } = report;
    expect(released.groupsBefore).not.toContain(world.pci);
    expect(released.groupsAfter).toEqual([world.pci, world.wizard].sort());
  });
});
