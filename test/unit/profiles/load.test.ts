import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadProfiles,
  ProfileFolderError,
} from '../../../shared/profiles/index.ts';
import { at, FIXTURES, profile, writeFolder } from './helpers.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const VALID = `${FIXTURES}valid`;

describe('loadProfiles', () => {
  describe('of a valid folder', () => {
    it('loads every document without a diagnostic', async () => {
      const { bundle, diagnostics } = await loadProfiles(VALID, { now: NOW });

      expect(diagnostics).toEqual([]);
      expect(bundle?.format).toBe('driftguard/intent-bundle/v1');
      expect(Object.keys(bundle?.profiles ?? {}).sort()).toEqual([
        'broker', 'client', 'pci', 'prod-network', 'staging-network',
      ]);
    });

    it('compiles allows to numbers and ranges, in file order', async () => {
      const { bundle } = await loadProfiles(VALID, { now: NOW });
      const broker = bundle?.profiles.broker;

      expect(broker?.allows).toEqual([
        {
          id: 'kafka-from-clients', direction: 'ingress', protocol: 6,
          ports: { from: 9092, to: 9093 },
          peer: { kind: 'profile', profile: 'client' },
          source: { file: 'roles/broker.yaml', line: 10, col: 7 },
        },
        {
          id: 'ping', direction: 'ingress', protocol: 1,
          ports: { from: 8, to: 8 },
          peer: { kind: 'prefixList', ref: 'corp-endpoints' },
          source: { file: 'roles/broker.yaml', line: 14, col: 7 },
        },
        {
          id: 'to-control-plane', direction: 'egress', protocol: 6,
          ports: { from: 443, to: 443 },
          peer: { kind: 'prefixList', ref: 'pl-0123abcd' },
          source: { file: 'roles/broker.yaml', line: 19, col: 7 },
        },
      ]);
      expect(broker?.requires[0]).toMatchObject({
        id: 'kafka-present', direction: 'ingress',
        ports: { from: 9092, to: 9092 },
      });
    });

    it('fills full ranges for all ports and every protocol', async () => {
      const { bundle } = await loadProfiles(VALID, { now: NOW });
      const client = bundle?.profiles.client;

      expect(client?.allows.map((r) => [r.protocol, r.ports, r.peer]))
        .toEqual([
          [6, { from: 0, to: 65535 }, { kind: 'profile', profile: 'broker' }],
          [-1, { from: 0, to: 65535 }, { kind: 'self' }],
        ]);
    });

    it('resolves CIDR sets into the peers that name them', async () => {
      const { bundle } = await loadProfiles(VALID, { now: NOW });

      expect(bundle?.profiles['prod-network']?.allows[0]?.peer).toEqual({
        kind: 'cidr', cidrs: ['10.0.0.0/8', '2001:db8::/32'], cidrSet: 'corp',
      });
      expect(bundle?.profiles.pci?.denies[1]?.peer).toEqual({
        kind: 'cidr', cidrs: ['192.168.50.0/24'], cidrSet: 'legacy',
      });
    });

    it('keeps deny peers, severities and descriptions', async () => {
      const { bundle } = await loadProfiles(VALID, { now: NOW });
      const prod = bundle?.profiles['prod-network'];
      const pci = bundle?.profiles.pci;

      expect(prod?.denies.map((d) => [d.peer, d.severity])).toEqual([
        [{ kind: 'public' }, 'critical'],
        [{ kind: 'broaderThan', ipv4: 8, ipv6: 32 }, 'high'],
      ]);
      expect(pci?.denies[0]).toMatchObject({
        direction: 'both', protocol: 6, ports: { from: 23, to: 23 },
        peer: { kind: 'any' }, severity: 'medium',
        description: 'clear-text protocols are not allowed',
      });
      expect(pci).toMatchObject({
        layer: 'overlay', version: 7, owner: 'compliance',
        remediation: 'quarantine', defaultDeny: true,
      });
    });

    it('keeps sets, aliases, exemptions and settings', async () => {
      const { bundle } = await loadProfiles(VALID, { now: NOW });

      expect(bundle?.prefixListAliases['corp-endpoints']).toMatchObject({
        prefixListName: 'com.example.corp-endpoints',
      });
      expect(bundle?.cidrSets.corp?.description).toBe('Corporate ranges');
      expect(bundle?.exemptions).toEqual([{
        name: 'legacy-ssh', account: '012345678901',
        group: 'sg-0123456789abcdef0', rule: 'sgr-0abc',
        expires: '2027-01-31', reason: 'bastion migration',
        approvedBy: 'alice@example.com',
        description: 'until the bastion moves',
        source: { file: 'shared/exemptions.yaml', line: 4, col: 9 },
      }]);
      expect(bundle?.settings).toEqual({
        bindingTagKey: 'driftguard:profiles',
        attachments: [{ tags: { env: 'prod' }, profile: 'prod-network' }],
        unboundGroups: { severity: 'medium', vpcs: ['vpc-0abc1234'] },
      });
    });

    it('has a version of 16 hex digits', async () => {
      const { bundle } = await loadProfiles(VALID, { now: NOW });

      expect(bundle?.version).toMatch(/^[0-9a-f]{16}$/);
    });
  });

  it('fills the default settings when there is no Settings', async () => {
    const dir = await writeFolder({
      'tier.yaml': profile('prod', 'tier', '  defaultDeny: false'),
    });

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(diagnostics).toEqual([]);
    expect(bundle?.settings).toEqual(DEFAULT_SETTINGS);
    expect(bundle?.profiles.prod).toMatchObject({
      allows: [], requires: [], denies: [], defaultDeny: false,
    });
  });

  it('warns of an expired exemption and still loads', async () => {
    const dir = await writeFolder({
      'old.yaml': [
        'apiVersion: driftguard/v1',
        'kind: Exemption',
        'metadata: { name: old }',
        'spec:',
        '  match: { account: "123456789012", group: sg-0abc }',
        '  expires: 2026-05-31',
        '  reason: done soon',
        '  approvedBy: bob',
      ].join('\n'),
    });

    const { bundle, diagnostics } = await loadProfiles(dir, { now: NOW });

    expect(diagnostics.map((d) => [d.level, at(d)])).toEqual([
      ['warning', 'old.yaml:6:12'],
    ]);
    expect(diagnostics[0]?.message).toMatch(/old expired 2026-05-31/);
    expect(bundle?.exemptions).toHaveLength(1);
  });

  it.each([
    ['the day it names', '2026-06-01T23:59:59Z', false],
    ['the day after', '2026-06-02T00:00:00Z', true],
  ])('treats a bare date as holding through %s', async (_, now, stale) => {
    const dir = await writeFolder({
      'x.yaml': 'apiVersion: driftguard/v1\nkind: Exemption\n' +
        'metadata: { name: x }\nspec:\n' +
        '  match: { account: "123456789012", group: sg-0abc }\n' +
        '  expires: 2026-06-01\n  reason: r\n  approvedBy: a\n',
    });

    const { diagnostics } = await loadProfiles(dir, { now: new Date(now) });

    expect(diagnostics.length > 0).toBe(stale);
  });

  it('ignores files that are not YAML and dot folders', async () => {
    const dir = await writeFolder({
      'a/tier.yml': profile('prod', 'tier', '  defaultDeny: true'),
      'notes.txt': 'not: [yaml',
      '.git/x.yaml': 'not: [yaml',
    });

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(diagnostics).toEqual([]);
    expect(bundle?.profiles.prod?.source.file).toBe('a/tier.yml');
  });

  it('warns of an empty file and still loads', async () => {
    const dir = await writeFolder({
      'empty.yaml': '# nothing here yet\n',
      'tier.yaml': profile('prod', 'tier', '  defaultDeny: true'),
    });

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(diagnostics.map((d) => [d.level, at(d)])).toEqual([
      ['warning', 'empty.yaml:1:1'],
    ]);
    expect(bundle).toBeDefined();
  });

  it('makes file warnings errors with strict, but not expiry', async () => {
    const dir = await writeFolder({ 'empty.yaml': '' });

    const { bundle, diagnostics } = await loadProfiles(dir, { strict: true });

    expect(diagnostics.map((d) => d.level)).toEqual(['error']);
    expect(bundle).toBeUndefined();
  });

  it('throws a ProfileFolderError for a folder it cannot read', async () => {
    await expect(loadProfiles(`${FIXTURES}no-such-folder`))
      .rejects.toThrow(ProfileFolderError);
  });
});
