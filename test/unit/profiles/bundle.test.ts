import { describe, expect, it } from 'vitest';
import {
  BundleFormatError,
  loadProfiles,
  readBundle,
  serializeBundle,
} from '../../../shared/profiles/index.ts';
import type { IntentBundle } from '../../../shared/profiles/index.ts';
import { FIXTURES, profile, writeFolder } from './helpers.ts';

const RULES = [
  '  ingress:',
  '    - id: ssh',
  '      protocol: tcp',
  '      ports: 22',
  '      from: { cidr: 10.0.0.0/8 }',
  '      description: from the bastion',
  '    - id: https',
  '      protocol: tcp',
  '      ports: 443',
  '      from: { cidr: 10.0.0.0/8 }',
];

async function versionOf(spec: readonly string[]): Promise<string> {
  const dir = await writeFolder({
    'tier.yaml': profile('prod', 'tier', spec.join('\n')),
  });
  const { bundle, diagnostics } = await loadProfiles(dir);
  expect(diagnostics).toEqual([]);
  return bundle?.version ?? '';
}

async function validBundle(): Promise<IntentBundle> {
  const { bundle } = await loadProfiles(`${FIXTURES}valid`, {
    now: new Date('2026-01-01'),
  });
  if (!bundle) throw new Error('the valid fixture did not load');
  return bundle;
}

describe('bundle version', () => {
  it('stays the same when lines move within a file', async () => {
    const moved = [
      '  # the same rules, written in another place',
      '',
      '  ingress:',
      '    - id: ssh',
      '      description: from the bastion',
      '      ports: 22',
      '      from: { cidr: 10.0.0.0/8 }',
      '      protocol: tcp',
      ...RULES.slice(6),
    ];

    expect(await versionOf(moved)).toBe(await versionOf(RULES));
  });

  it.each([
    ['a port', RULES.map((l) => l.replace('ports: 443', 'ports: 8443'))],
    ['a description', RULES.map((l) => l.replace('bastion', 'jump host'))],
    ['the order of rules', [RULES[0] ?? '', ...RULES.slice(6),
      ...RULES.slice(1, 6)]],
  ])('changes with %s', async (_, changed) => {
    expect(await versionOf(changed)).not.toBe(await versionOf(RULES));
  });

  it('stays the same when documents move to other files', async () => {
    const exemption = (name: string) => 'apiVersion: driftguard/v1\n' +
      `kind: Exemption\nmetadata: { name: ${name} }\nspec:\n` +
      '  match: { account: "123456789012", group: sg-0abc }\n' +
      '  expires: 2030-01-01\n  reason: r\n  approvedBy: a\n';
    const load = async (files: Record<string, string>) =>
      (await loadProfiles(await writeFolder(files))).bundle?.version;

    const before = await load({ 'a.yaml': exemption('x'),
      'b.yaml': exemption('y') });
    const after = await load({ 'z/a.yaml': exemption('y'),
      'b.yaml': exemption('x') });

    expect(after).toBe(before);
  });

  it('is the same for two loads of the same folder', async () => {
    expect((await validBundle()).version).toBe((await validBundle()).version);
  });
});

describe('readBundle', () => {
  it('reads back what serializeBundle wrote', async () => {
    const bundle = await validBundle();

    const read = readBundle(JSON.parse(serializeBundle(bundle)));

    expect(read).toEqual(bundle);
  });

  it.each<[string, (b: IntentBundle) => unknown, RegExp]>([
    ['not an object', () => 'bundle', /malformed intent bundle: the bundle/],
    ['another format', (b) => ({ ...b, format: 'v0' }), /format/],
    ['a rule with a protocol name', (b) => withRule(b, { protocol: 'tcp' }),
      /profiles\.broker\.allows\.0\.protocol/],
    ['a CIDR with host bits', (b) => withRule(b, {
      peer: { kind: 'cidr', cidrs: ['10.0.0.1/8'] },
    }), /allows\.0\.peer\.cidrs\.0: is not a CIDR block/],
    ['an unknown peer kind', (b) => withRule(b, { peer: { kind: 'vpc' } }),
      /allows\.0\.peer/],
    ['a profile under another name', (b) => ({
      ...b, profiles: { other: b.profiles.broker },
    }), /other holds "broker"/],
    ['an edited rule', (b) => withRule(b, { ports: { from: 1, to: 2 } }),
      /version \w+ does not match its content \(expected \w+\)/],
  ])('throws a BundleFormatError for %s', async (_, edit, message) => {
    const bundle = JSON.parse(serializeBundle(await validBundle()));

    const read = () => readBundle(edit(bundle));

    expect(read).toThrow(BundleFormatError);
    expect(read).toThrow(message);
  });
});

function withRule(bundle: IntentBundle, change: object): unknown {
  const broker = bundle.profiles.broker;
  if (!broker) throw new Error('no broker');
  const [first, ...rest] = broker.allows;
  return {
    ...bundle,
    profiles: {
      ...bundle.profiles,
      broker: { ...broker, allows: [{ ...first, ...change }, ...rest] },
    },
  };
}
