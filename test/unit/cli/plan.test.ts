import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BASE,
  headOf,
  MOVE,
  replace,
  REQUIRE,
  REWORD,
  SNAPSHOTS,
  TIGHTEN,
} from '../plan/helpers.ts';
import { cli } from './helpers.ts';

const NOW = ['--now', '2026-12-01T00:00:00Z'];

async function plan(head: string, ...args: string[]) {
  return cli(['plan', '--base', BASE, '--head', head, '--snapshot',
    SNAPSHOTS, ...NOW, ...args]);
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'driftguard-plan-cli-'));
}

/** A snapshot of `n` web groups, each open to 10.20.i.0/24 on 443. */
async function manyWebGroups(n: number): Promise<string> {
  const dir = await tempDir();
  const groups = Array.from({ length: n }, (_, i) => ({
    GroupId: `sg-0c${String(i).padStart(15, '0')}`, GroupName: `web-${i}`,
    VpcId: 'vpc-0c000000000000001', OwnerId: '333333333333',
    Tags: [{ Key: 'driftguard:profiles', Value: 'prod,web' }],
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      IpRanges: [{ CidrIp: `10.20.${i}.0/24` }] }],
    IpPermissionsEgress: [],
  }));
  await writeFile(path.join(dir, 'many.json'), JSON.stringify({
    Account: '333333333333', Region: 'us-east-1', SecurityGroups: groups,
    NetworkInterfaces: [] }));
  return dir;
}

describe('driftguard plan', () => {
  it('prints the findings a tightened CIDR adds, with the rule and revoke',
    async () => {
      const { code, stdout, stderr } = await plan(await headOf(TIGHTEN));

      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('2 new findings (1 high, 1 medium), 0 gone; ' +
        '2 groups start to drift; enforcement: 3 writes added, 0 dropped');
      expect(stdout).toMatch(/\+ medium {2}unapproved-rule {2}111111111111 /);
      expect(stdout).toContain('no longer approved by ' +
        `prod/https-from-private  ${BASE}/tiers/prod.yaml:12`);
      expect(stdout).toContain('+ revoke ingress tcp 443 from ' +
        '10.20.0.0/16 (sgr-00000000000a00101) on sg-0a00000000000a001');
      expect(stdout).toContain('+ quarantine eni-0b000000000000b02');
    });

  it('prints one JSON document of the findings and writes a require adds',
    async () => {
      const head = await headOf(REQUIRE);
      const { code, stdout } = await plan(head, '--format', 'json');
      const out = JSON.parse(stdout);

      expect(code).toBe(0);
      expect(Object.keys(out)).toEqual(['added', 'removed', 'changed',
        'groups', 'actions', 'summary']);
      expect(out.added.map((f: { kind: string }) => f.kind))
        .toEqual(Array(3).fill('missing-required-rule'));
      expect(out.added[0].because[0]).toMatchObject({ side: 'head',
        profile: 'web', rule: 'http-from-lb-present',
        source: { file: 'roles/web.yaml', line: 16 } });
      expect(out.actions.added.map((a: { text: string }) => a.text))
        .toEqual(['sg-0a00000000000a001', 'sg-0a00000000000a002',
          'sg-0b00000000000b001'].map((g) =>
          `authorize ingress tcp 80 from 10.0.9.0/24 on ${g}`));
      expect(out.summary).toMatchObject({ added: 3, actionsAdded: 3,
        startDrifting: 3 });
    });

  it('plans nothing when a change only reorders and rewords', async () => {
    const head = await headOf(REWORD, MOVE);
    const text = await plan(head, '--fail-on', 'low');
    const json = JSON.parse((await plan(head, '--format', 'json')).stdout);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain('no change in findings or actions');
    expect(json).toMatchObject({ added: [], removed: [], changed: [],
      actions: { added: [], removed: [] } });
  });

  it.each([
    ['medium', 1],
    ['high', 1],
    ['critical', 0],
  ])('exits %s → %i under --fail-on for a tightening', async (sev, want) => {
    const { code, stdout } = await plan(await headOf(TIGHTEN),
      '--fail-on', sev, '--format', 'json');
    expect(code).toBe(want);
    expect(JSON.parse(stdout).summary.failOn).toBe(sev);
  });

  it('exits 0 under --fail-on when a change only removes findings',
    async () => {
      const tight = await headOf(TIGHTEN);
      const ran = await cli(['plan', '--base', tight, '--head', BASE,
        '--snapshot', SNAPSHOTS, '--fail-on', 'low', ...NOW]);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain('0 new findings, 2 gone');
      expect(ran.stdout).toContain('groups that become clean');
    });
});

describe('driftguard plan for a deployment', () => {
  it('plans the writes of its cap, given as sweep takes it or as --cap',
    async () => {
      const head = await headOf(TIGHTEN);
      const capped = await plan(head, '--mode', 'rollback');
      const alert = await plan(head, '--cap', 'alert', '--format', 'json');

      expect(capped.stdout).toContain('2 account-region(s), 6 groups; ' +
        'deployment cap rollback');
      expect(capped.stdout).toContain('enforcement (cap rollback): 2 writes ' +
        'added, 0 dropped');
      expect(capped.stdout).toContain('+ revoke ingress tcp 443 from ' +
        '10.30.0.0/16 (sgr-00000000000b00100) on sg-0b00000000000b001');
      expect(capped.stdout).not.toContain('quarantine eni-');
      const out = JSON.parse(alert.stdout);
      expect(out.actions).toEqual({ added: [], removed: [] });
      expect(out.summary).toMatchObject({ cap: 'alert', actionsAdded: 0 });
    });

  it('plans no write for a deployment in dry run', async () => {
    const { code, stdout } = await plan(await headOf(TIGHTEN), '--dry-run',
      '--format', 'markdown');

    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('**driftguard plan**: 2 new findings ' +
      '(1 high, 1 medium), 0 gone; 2 groups start to drift; enforcement: ' +
      'none, in dry run.');
    expect(stdout).toContain('6 groups; dry run, no writes.');
    expect(stdout).not.toContain('#### Enforcement');
  });

  it('exits 2 when --mode and --cap disagree', async () => {
    const ran = await plan(BASE, '--mode', 'alert', '--cap', 'rollback');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('--mode alert and --cap rollback disagree');
  });
});

describe('driftguard plan --format markdown', () => {
  it('starts with a summary line, then tables, the tallies folded',
    async () => {
      const { stdout } = await plan(await headOf(TIGHTEN),
        '--format', 'markdown');
      const lines = stdout.split('\n');

      expect(lines[0]).toBe('**driftguard plan**: 2 new findings (1 high, ' +
        '1 medium), 0 gone; 2 groups start to drift; enforcement: 3 writes ' +
        'added, 0 dropped.');
      expect(lines).toContain('#### New findings');
      expect(lines).toContain('| severity | kind | account | group | rule ' +
        '| action | because |');
      expect(stdout).toContain('| + | revoke ingress tcp 443 from ' +
        '10.20.0.0/16 (sgr-00000000000a00101) on sg-0a00000000000a001 |');
      expect(stdout)
        .toMatch(/<details>\n<summary>By account, profile and kind/);
    });

  it('folds a long list of findings into <details>', async () => {
    const { stdout } = await cli(['plan', '--base', BASE, '--head',
      await headOf(TIGHTEN), '--snapshot', await manyWebGroups(12),
      '--format', 'markdown', ...NOW]);

    expect(stdout).toContain('<summary>New findings (12)</summary>');
    expect(stdout).toContain(
      '<summary>Groups that start to drift (12)</summary>');
    expect(stdout).not.toContain('#### New findings');
  });

  it('says in one line that a rewording plans nothing', async () => {
    const { stdout } = await plan(await headOf(REWORD), '--format',
      'markdown');
    expect(stdout.split('\n')[0]).toBe(
      '**driftguard plan**: no change in findings or actions.');
  });
});

describe('driftguard plan with bad input', () => {
  it('exits 1 with the diagnostics of both folders', async () => {
    const head = await headOf({ 'roles/web.yaml':
      replace('protocol: tcp', 'protocol: tpc') });
    const base = await headOf({ 'roles/db.yaml':
      replace('ports: 5432', 'ports: 99999') });
    const ran = await cli(['plan', '--base', base, '--head', head,
      '--snapshot', SNAPSHOTS]);

    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(`${head}/roles/web.yaml:12:`);
    expect(ran.stderr).toContain(`${base}/roles/db.yaml:`);
  });

  it('exits 2 when a snapshot of the folder cannot be read', async () => {
    const dir = await tempDir();
    await cp(SNAPSHOTS, dir, { recursive: true });
    await writeFile(path.join(dir, 'broken.json'), '{"Account": ');
    const ran = await cli(['plan', '--base', BASE, '--head', BASE,
      '--snapshot', dir]);

    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${dir}/broken.json: $: not JSON`);
  });

  it('exits 2 for two snapshots of one account-region', async () => {
    const dir = await tempDir();
    await cp(SNAPSHOTS, dir, { recursive: true });
    await cp(path.join(SNAPSHOTS, '111111111111/eu-west-1.json'),
      path.join(dir, 'copy.json'));
    const ran = await cli(['plan', '--base', BASE, '--head', BASE,
      '--snapshot', dir]);

    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('are both snapshots of 111111111111 ' +
      'eu-west-1');
  });

  it('exits 2 for a snapshot path that does not exist', async () => {
    const ran = await cli(['plan', '--base', BASE, '--head', BASE,
      '--snapshot', 'no/such/place']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('no/such/place: no such file or folder');
  });
});
