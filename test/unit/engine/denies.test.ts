import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from '../../../shared/engine/index.ts';
import { bundleOf, profile } from '../profiles/helpers.ts';
import { sg, SnapshotBuilder } from './helpers.ts';

const NOW = new Date('2026-12-01T00:00:00Z');

/** A deny of ingress tcp 22 from public addresses. */
function deny(id: string, severity = 'critical'): string {
  return [
    `    - id: ${id}`,
    '      direction: ingress',
    '      protocol: tcp',
    '      ports: 22',
    '      peer: public',
    `      severity: ${severity}`,
  ].join('\n');
}

/** What a finding says, without what changes with the files' text. */
function decided(f: Finding): Partial<Finding> {
  const { intentVersion: _v, policySource: _s, ...rest } = f;
  return rest;
}

async function sweep(files: Record<string, string>, binding: string) {
  const bundle = await bundleOf(files);
  const snapshot = new SnapshotBuilder()
    .group(sg(1), binding, ['in tcp 22 0.0.0.0/0']).build();
  return evaluate(snapshot, bundle, { now: NOW }).findings.map(decided);
}

describe('evaluate, when several denies match a rule', () => {
  it('names the same deny whatever order equally severe ones are in',
    async () => {
      const tier = (...denies: string[]) => ({
        'tier.yaml': profile('tier', 'tier',
          `  deny:\n${denies.join('\n')}`),
      });
      const one = await sweep(tier(deny('no-ssh'), deny('no-public')),
        'tier');
      const other = await sweep(tier(deny('no-public'), deny('no-ssh')),
        'tier');
      expect(other).toEqual(one);
      expect(one.map((f) => f.policyRule)).toEqual(['no-public']);
    });

  it('breaks a tie between profiles by profile name, whatever the layers',
    async () => {
      const files = {
        'tier.yaml': profile('zeta', 'tier', `  deny:\n${deny('a-rule')}`),
        'overlay.yaml': profile('alpha', 'overlay',
          `  deny:\n${deny('z-rule')}`),
      };
      const [f] = await sweep(files, 'zeta, alpha');
      expect(f).toMatchObject({ profile: 'alpha', policyRule: 'z-rule' });
      const [g] = await sweep(files, 'alpha, zeta');
      expect(g).toEqual(f);
    });

  it('lets the more severe deny decide before any name', async () => {
    const [f] = await sweep({
      'tier.yaml': profile('tier', 'tier',
        `  deny:\n${deny('a-high', 'high')}\n${deny('b-critical')}`),
    }, 'tier');
    expect(f).toMatchObject({ policyRule: 'b-critical',
      severity: 'critical' });
  });
});
