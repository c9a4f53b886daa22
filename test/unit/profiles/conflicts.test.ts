import { describe, expect, it } from 'vitest';
import {
  checkCombinations,
  combinations,
  composeIntent,
} from '../../../shared/profiles/index.ts';
import type {
  Conflict,
  IntentBundle,
} from '../../../shared/profiles/index.ts';
import { at, bundleOf, profile } from './helpers.ts';

function allow(id: string, ports: string, cidr: string): string {
  return [
    `    - id: ${id}`,
    '      protocol: tcp',
    `      ports: ${ports}`,
    `      from: { cidr: ${cidr} }`,
  ].join('\n');
}

// Each profile's `deny:` starts on line 8, its rule's `- id` on line 9.
const PCI = profile('pci', 'overlay', [
  '  deny:',
  '    - id: no-public-ingress',
  '      direction: ingress',
  '      protocol: all',
  '      peer: public',
  '    - id: no-telnet',
  '      direction: both',
  '      protocol: tcp',
  '      ports: 23',
  '      peer: any',
].join('\n'));

function folder(roleSpec: string): Record<string, string> {
  return {
    'tiers/prod.yaml': profile('prod', 'tier', '  defaultDeny: false'),
    'tiers/staging.yaml': profile('staging', 'tier', '  defaultDeny: false'),
    'roles/web.yaml': profile('web', 'role', roleSpec),
    'overlays/pci.yaml': PCI,
  };
}

async function conflictsOf(roleSpec: string): Promise<Conflict[]> {
  const bundle = await bundleOf(folder(roleSpec));
  const composition = composeIntent(bundle, ['prod', 'web', 'pci']);
  if (!composition.ok) throw new Error(composition.problem.message);
  return [...composition.intent.conflicts];
}

describe('conflicts of a binding', () => {
  it('finds an allow entirely inside a deny of another layer', async () => {
    const conflicts = await conflictsOf(
      `  ingress:\n${allow('ssh-from-partner', '22', '203.0.113.0/24')}`,
    );

    expect(conflicts).toEqual([{
      kind: 'dead-allow',
      rule: {
        profile: 'web', id: 'ssh-from-partner',
        source: { file: 'roles/web.yaml', line: 9, col: 7 },
      },
      deny: {
        profile: 'pci', id: 'no-public-ingress',
        source: { file: 'overlays/pci.yaml', line: 9, col: 7 },
      },
      message: 'allow web/ssh-from-partner can never take effect: deny ' +
        'pci/no-public-ingress (overlays/pci.yaml:9) matches everything ' +
        'it allows',
    }]);
  });

  it.each([
    ['a carve-out only partly denied', allow('any-ssh', '22', '0.0.0.0/0')],
    ['a private allow beside a public deny', allow('ssh', '22', '10.0.0.0/8')],
    ['ports beside a denied port', allow('range', '22-25', '10.0.0.0/8')],
  ])('finds no conflict for %s', async (_, rule) => {
    expect(await conflictsOf(`  ingress:\n${rule}`)).toEqual([]);
  });

  it('finds an allow inside a deny of its own profile', async () => {
    const bundle = await bundleOf({
      'tier.yaml': profile('prod', 'tier', [
        '  ingress:', allow('telnet', '23', '10.0.0.0/8'),
        '  deny:', '    - id: no-telnet', '      direction: ingress',
        '      protocol: tcp', '      ports: all', '      peer: any',
      ].join('\n')),
    });

    const composition = composeIntent(bundle, ['prod']);

    expect(composition.ok && composition.intent.conflicts.map((c) =>
      [c.kind, c.rule.id, c.deny.id])).toEqual([
      ['dead-allow', 'telnet', 'no-telnet'],
    ]);
  });

  it('finds a require that a deny matches', async () => {
    const conflicts = await conflictsOf([
      '  require:',
      '    - id: telnet-present',
      '      direction: ingress',
      '      protocol: tcp',
      '      ports: 23',
      '      from: { cidr: 10.0.0.0/8 }',
    ].join('\n'));

    expect(conflicts.map((c) => [c.kind, c.message])).toEqual([[
      'forbidden-require',
      'require web/telnet-present cannot be met: deny pci/no-telnet ' +
        '(overlays/pci.yaml:13) matches the rule it requires',
    ]]);
  });
});

describe('combinations', () => {
  it('pairs every tier with every role and overlay', async () => {
    const bundle = await bundleOf(folder('  defaultDeny: false'));

    expect(combinations(bundle)).toEqual([
      ['prod', 'web', 'pci'], ['staging', 'web', 'pci'],
    ]);
  });

  it('leaves out a layer that has no profiles', async () => {
    const bundle = await bundleOf({
      'a.yaml': profile('prod', 'tier', '  defaultDeny: false'),
      'b.yaml': profile('web', 'role', '  defaultDeny: false'),
    });

    expect(combinations(bundle)).toEqual([['prod', 'web']]);
  });
});

describe('checkCombinations', () => {
  async function deadAllowBundle(): Promise<IntentBundle> {
    return bundleOf(folder(
      `  ingress:\n${allow('ssh-from-partner', '22', '203.0.113.0/24')}`,
    ));
  }

  it('reports each conflict once, at the allow, as a warning', async () => {
    const diagnostics = checkCombinations(await deadAllowBundle());

    expect(diagnostics.map((d) => [d.level, at(d), d.message])).toEqual([[
      'warning',
      'roles/web.yaml:9:7',
      'allow web/ssh-from-partner can never take effect: deny ' +
        'pci/no-public-ingress (overlays/pci.yaml:9) matches everything ' +
        'it allows (in prod,web,pci and 1 other)',
    ]]);
  });

  it('reports conflicts as errors with strict', async () => {
    const diagnostics = checkCombinations(await deadAllowBundle(), {
      strict: true,
    });

    expect(diagnostics.map((d) => d.level)).toEqual(['error']);
  });

  it('reports nothing when no combination conflicts', async () => {
    const bundle = await bundleOf(folder(
      `  ingress:\n${allow('ssh', '22', '10.0.0.0/8')}`,
    ));

    expect(checkCombinations(bundle)).toEqual([]);
  });
});
