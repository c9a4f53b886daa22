import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import { at, profile, writeFolder } from './helpers.ts';

const TIER = profile('prod', 'tier', '  remediation: rollback');

function settings(rollout: string): string {
  return ['apiVersion: driftguard/v1', 'kind: Settings', 'metadata:',
    '  name: deployment', 'spec:', '  rollout:', rollout, ''].join('\n');
}

describe('the rollout policy of the Settings document', () => {
  it('loads waves, the write cap and the soak time into the bundle',
    async () => {
      const dir = await writeFolder({ 'prod.yaml': TIER,
        'settings.yaml': settings([
          '    waves:',
          '      - { name: canary, accounts: ["111111111111"] }',
          '      - { name: everyone, accounts: all }',
          '    maxWritesPerWave: 25',
          '    soakMinutes: 90',
        ].join('\n')) });
      const { bundle, diagnostics } = await loadProfiles(dir);
      expect(diagnostics).toEqual([]);
      expect(bundle?.settings.rollout).toEqual({
        waves: [{ name: 'canary', accounts: ['111111111111'] },
          { name: 'everyone', accounts: 'all' }],
        maxWritesPerWave: 25, soakMinutes: 90,
      });
    });

  it('has no rollout policy when the settings name none', async () => {
    const dir = await writeFolder({ 'prod.yaml': TIER });
    const { bundle } = await loadProfiles(dir);
    expect(bundle?.settings.rollout).toBeUndefined();
  });

  it.each([
    ['      - { name: canary, accounts: ["1111"] }', '8:'],
    ['      - { name: canary, accounts: [] }', '8:'],
    ['      - { name: canary, acounts: all }', '8:'],
  ])('reports a bad wave %s at its line', async (wave, line) => {
    const dir = await writeFolder({ 'prod.yaml': TIER,
      'settings.yaml': settings(['    waves:', wave].join('\n')) });
    const { bundle, diagnostics } = await loadProfiles(dir);
    expect(bundle).toBeUndefined();
    expect(diagnostics.map(at)[0])
      .toMatch(new RegExp(`^settings.yaml:${line}`));
  });
});
