import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, NOW, PROFILES } from './helpers.ts';

/** A profile folder from relative paths to texts, in a temp dir. */
export async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-validate-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

const BROKEN = {
  'tiers/prod.yaml': [
    'apiVersion: driftguard/v1',
    'kind: Profile',
    'metadata:',
    '  name: prod',
    '  layer: tier',
    '  version: 1',
    'spec:',
    '  defaultdeny: true',
    '  ingress:',
    '    - id: ssh',
    '      protocol: tcp',
    '      ports: 70000',
    '      from: { cidr: 10.0.0.300/8 }',
    '',
  ].join('\n'),
  'roles/web.yaml': 'apiVersion: driftguard/v1\nkind: Profile\nmetadata: [\n',
};

describe('driftguard validate', () => {
  it('passes the examples with the expired exemption as a warning',
    async () => {
      const ran = await cli(['validate', PROFILES, ...NOW]);
      expect(ran.code).toBe(0);
      const lines = ran.stdout.trim().split('\n');
      expect(lines[0]).toMatch(new RegExp(
        '^examples/profiles/exemptions/legacy-canary-listener.yaml:' +
        '\\d+:\\d+: warning: exemption legacy-canary-listener expired'));
      expect(ran.stderr).toMatch(/8 profiles valid, 3 warning\(s\); intent /);
    });

  it('reports every error as file:line:col and exits 1', async () => {
    const dir = await folder(BROKEN);
    const ran = await cli(['validate', dir]);
    expect(ran.code).toBe(1);
    const lines = ran.stdout.trim().split('\n')
      .map((l) => l.slice(dir.length + 1));
    expect(lines).toEqual([
      expect.stringMatching(/^roles\/web.yaml:4:1: /),
      expect.stringMatching(
        /^tiers\/prod.yaml:8:3: unknown key "defaultdeny"/),
      expect.stringMatching(/^tiers\/prod.yaml:12:14: .*70000/),
      expect.stringMatching(/^tiers\/prod.yaml:13:21: .*10.0.0.300\/8/),
    ]);
    expect(ran.stderr).toMatch(/4 error\(s\)/);
  });

  it('turns conflicts into errors with --strict', async () => {
    const ran = await cli(['validate', PROFILES, '--strict', ...NOW]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/roles\/agent.yaml:\d+:\d+: allow agent/);
  });

  it('prints JSON with --format json', async () => {
    const ran = await cli(['validate', PROFILES, '--format', 'json', ...NOW]);
    const result = JSON.parse(ran.stdout);
    expect(result.valid).toBe(true);
    expect(result.version).toMatch(/^[0-9a-f]{16}$/);
    expect(result.diagnostics).toHaveLength(3);
  });

  it('exits 2 when the folder does not exist', async () => {
    const ran = await cli(['validate', 'no/such/dir']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('no/such/dir is not a folder of profiles');
  });

  it('makes sweep exit 1 and judge nothing when profiles are broken',
    async () => {
      const dir = await folder(BROKEN);
      const ran = await cli(['sweep', '--profiles', dir, '--snapshot',
        'examples/account.json']);
      expect(ran.code).toBe(1);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toMatch(/tiers\/prod.yaml:12:14: /);
      expect(ran.stderr).toMatch(/nothing was judged/);
    });
});

describe('driftguard explain', () => {
  it('prints the composed intent and where each part came from', async () => {
    const ran = await cli(['explain', PROFILES, '--profiles',
      'prod-network,broker,pci']);
    expect(ran.code).toBe(0);
    const out = ran.stdout;
    expect(out).toMatch(/^binding prod-network, broker, pci/);
    expect(out).toContain('remediation quarantine (from pci)');
    expect(out).toContain('default deny yes (from pci)');
    expect(out).toMatch(new RegExp('ingress tcp 9092-9093 from groups with ' +
      'profile client +broker/broker-kafka-from-clients +' +
      'examples/profiles/roles/broker.yaml:\\d+'));
    expect(out).toMatch(
      /ingress\+egress tcp 80 with any peer +pci\/pci-no-http/);
    expect(out).toMatch(/conflicts\n {2}\(none\)/);
  });

  it('shows conflicts of a binding that has them', async () => {
    const ran = await cli(['explain', PROFILES, '--profiles',
      'prod-network,agent,no-internet-egress', '--format', 'json']);
    const view = JSON.parse(ran.stdout);
    expect(view.conflicts.map((c: { kind: string }) => c.kind))
      .toEqual(['dead-allow', 'forbidden-require']);
    expect(view.remediation).toEqual({ mode: 'rollback',
      from: 'prod-network' });
  });

  it('exits 2 for a binding that names an unknown profile', async () => {
    const ran = await cli(['explain', PROFILES, '--profiles', 'prod,web']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/does not have: prod, web/);
  });
});
