import { describe, expect, it } from 'vitest';
import {
  composeIntent,
  loadProfiles,
  parseBinding,
} from '../../../shared/profiles/index.ts';
import type { Intent } from '../../../shared/profiles/index.ts';
import { bundleOf, FIXTURES } from './helpers.ts';

const { bundle: loaded } = await loadProfiles(`${FIXTURES}valid`, {
  now: new Date('2026-01-01'),
});
if (!loaded) throw new Error('the valid fixture did not load');
const bundle = loaded;

function intentOf(names: readonly string[]): Intent {
  const composition = composeIntent(bundle, names);
  if (!composition.ok) throw new Error(composition.problem.message);
  return composition.intent;
}

describe('parseBinding', () => {
  it.each([
    ['prod-network,broker,pci', ['prod-network', 'broker', 'pci']],
    [' prod-network , broker ', ['prod-network', 'broker']],
    ['prod-network,,broker,', ['prod-network', 'broker']],
    ['broker,prod-network,broker', ['broker', 'prod-network']],
    ['Prod-Network,prod-network', ['Prod-Network', 'prod-network']],
    ['', []],
    [' , ,', []],
  ])('reads %j as %j', (value, names) => {
    expect(parseBinding(value)).toEqual(names);
  });
});

describe('composeIntent', () => {
  it('unions the rules of every layer in binding order', () => {
    const intent = intentOf(['prod-network', 'broker', 'pci']);

    expect(intent).toMatchObject({
      key: 'prod-network,broker,pci',
      tier: 'prod-network',
      roles: ['broker'],
      overlays: ['pci'],
      versions: { 'prod-network': 4, broker: 3, pci: 7 },
    });
    expect(intent.allows.map((r) => `${r.profile}/${r.id}`)).toEqual([
      'prod-network/dns', 'broker/kafka-from-clients', 'broker/ping',
      'broker/to-control-plane',
    ]);
    expect(intent.denies.map((r) => `${r.layer}:${r.id}`)).toEqual([
      'tier:no-public-ingress', 'tier:no-wide-blocks', 'overlay:no-telnet',
      'overlay:no-legacy-range',
    ]);
    expect(intent.requires.map((r) => r.id)).toEqual(['kafka-present']);
  });

  it('compiles rules into selectors with their origin', () => {
    const [dns] = intentOf(['prod-network']).allows;

    expect(dns).toMatchObject({
      direction: 'egress', protocol: 17, ports: { from: 53, to: 53 },
      profile: 'prod-network', id: 'dns', layer: 'tier',
      source: { file: 'tiers/prod-network.yaml', line: 12, col: 7 },
    });
    expect(dns?.peer.kind === 'cidr' &&
      dns.peer.blocks.map((b) => [b.family, b.text])).toEqual([
      [4, '10.0.0.0/8'], [6, '2001:db8::/32'],
    ]);
  });

  it.each([
    [['staging-network'], 'alert', undefined],
    [['prod-network', 'broker'], 'rollback', 'prod-network'],
    [['prod-network', 'pci'], 'quarantine', 'pci'],
    [['pci', 'prod-network'], 'quarantine', 'pci'],
  ])('takes the strongest mode of %j', (names, mode, from) => {
    const intent = intentOf(names);

    expect([intent.mode, intent.modeFrom]).toEqual([mode, from]);
  });

  it.each([
    [['prod-network', 'broker'], false, []],
    [['prod-network', 'broker', 'pci'], true, ['pci']],
  ])('says defaultDeny for %j when a layer does', (names, on, from) => {
    const intent = intentOf(names);

    expect([intent.defaultDeny, intent.defaultDenyFrom]).toEqual([on, from]);
  });

  it.each([
    [['broker', 'pci'], /names no tier/],
    [[], /names no tier/],
    [['prod-network', 'staging-network', 'broker'],
      /names 2 tiers: prod-network, staging-network \(expected exactly one/],
  ])('finds %j an invalid binding', (names, message) => {
    const composition = composeIntent(bundle, names);

    expect(composition.ok).toBe(false);
    expect(!composition.ok && composition.problem.kind)
      .toBe('invalid-binding');
    expect(!composition.ok && composition.problem.message).toMatch(message);
  });

  it('lists unknown profiles before counting tiers', () => {
    const composition = composeIntent(bundle, ['brokr', 'Broker', 'pci']);

    expect(composition).toEqual({
      ok: false,
      problem: {
        kind: 'unknown-profile',
        message: expect.stringMatching(/brokr, Broker$/),
        unknown: ['brokr', 'Broker'],
      },
    });
  });

  it('does not take an inherited property for a profile', () => {
    const composition = composeIntent(bundle, ['prod-network', 'toString']);

    expect(!composition.ok && composition.problem.unknown)
      .toEqual(['toString']);
  });

  it('returns the same composition for the same binding', () => {
    const first = composeIntent(bundle, ['prod-network', 'broker']);

    expect(composeIntent(bundle, ['prod-network', 'broker'])).toBe(first);
    expect(composeIntent(bundle, ['prod-network', 'broker', 'broker']))
      .toBe(first);
  });

  it('compiles each bundle rule once for all bindings', () => {
    const alone = intentOf(['prod-network']);
    const withRole = intentOf(['prod-network', 'client']);

    expect(withRole.allows[0]).toBe(alone.allows[0]);
  });

  it('keeps no intent of one bundle for another', async () => {
    const other = await bundleOf({
      'tier.yaml': 'apiVersion: driftguard/v1\nkind: Profile\n' +
        'metadata: { name: prod-network, layer: tier, version: 9 }\n' +
        'spec: {}\n',
    });

    const composition = composeIntent(other, ['prod-network']);

    expect(composition.ok && composition.intent.versions)
      .toEqual({ 'prod-network': 9 });
  });
});
