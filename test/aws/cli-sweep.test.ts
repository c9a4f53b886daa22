import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi }
  from 'vitest';
import { sweepLive } from '../../cli/commands/sweep-live.ts';
import type { Io } from '../../cli/io.ts';
import { reachAccounts } from '../../shared/aws/reach.ts';
import { evaluate } from '../../shared/engine/index.ts';
import { loadProfiles } from '../../shared/profiles/index.ts';
import { cli } from '../unit/cli/helpers.ts';
import { emulatorEndpoint, TEST_REGION } from './emulator/aws.ts';
import { refuseAssumeRole } from './emulator/faults.ts';
import {
  drift,
  memberClients,
  organization,
  PROFILES,
  REGIONS,
} from './sweep-fixtures.ts';

const NOW = ['--now', '2026-12-01T00:00:00Z'];
const REFUSED = '999999999999';

interface JsonFinding { account: string; region: string; groupId: string;
  kind: string; ruleId?: string }

/** Findings in one order, whatever order the account-regions came in. */
function sorted(findings: JsonFinding[]): JsonFinding[] {
  const key = (f: JsonFinding) =>
    [f.account, f.region, f.groupId, f.kind, f.ruleId ?? ''].join('/');
  return [...findings].sort((a, b) => key(a).localeCompare(key(b)));
}

/** An Io that keeps what is written. */
function capture(interactive = false) {
  const io = { out: '', err: '' };
  const handle: Io = { out: (t) => { io.out += t; },
    err: (t) => { io.err += t; }, color: false, interactive };
  return { io, handle };
}

let members: string[] = [];
let closed = '';
let dir = '';
const endpoint = () => ['--endpoint-url', emulatorEndpoint()];

beforeAll(async () => {
  ({ accounts: members, closed } = await organization(3));
  for (const account of members) {
    for (const region of REGIONS) await drift(memberClients(account, region));
  }
  dir = await mkdtemp(path.join(tmpdir(), 'driftguard-sweep-'));
});

beforeEach(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('driftguard sweep across accounts', () => {
  const live = (...args: string[]) => cli(['sweep', '--profiles', PROFILES,
    '--accounts', members.join(','), '--regions', REGIONS.join(','),
    ...endpoint(), ...NOW, ...args]);

  it('finds what offline sweeps of snapshots of each account find',
    async () => {
      const files: string[] = [];
      for (const account of members) {
        for (const region of REGIONS) {
          const file = path.join(dir, `${account}-${region}.json`);
          const role = `arn:aws:iam::${account}:role/driftguard-member`;
          const out = await cli(['snapshot', '--region', region,
            '--role-arn', role, ...endpoint(), '--out', file]);
          expect(out.code).toBe(0);
          files.push(file);
        }
      }
      const offline = await cli(['sweep', '--profiles', PROFILES,
        '--snapshot', ...files, '--format', 'json', ...NOW]);

      const swept = await live('--format', 'json', '--concurrency', '3');

      expect(swept.code).toBe(0);
      const findings = JSON.parse(swept.stdout).findings as JsonFinding[];
      expect(sorted(findings)).toEqual(
        sorted(JSON.parse(offline.stdout).findings));
      expect(new Set(findings.map((f) => f.account))).toEqual(
        new Set(members));
      expect(findings).toHaveLength(members.length * REGIONS.length * 3);
    });

  it('tells its progress on stderr, one line per account-region',
    async () => {
      const swept = await live('--format', 'json');

      const total = members.length * REGIONS.length;
      const lines = swept.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`sweeping ${total} account-region(s)`);
      for (const account of members) {
        for (const region of REGIONS) {
          expect(lines).toContainEqual(expect.stringMatching(new RegExp(
            `^\\d+/${total} ${account} ${region}: \\d+ groups, 3 findings$`)));
        }
      }
      expect(lines.at(-1)).toMatch(
        new RegExp(`^swept ${total} of ${total} account-region\\(s\\) in `));
      expect(() => JSON.parse(swept.stdout)).not.toThrow();
    });

  it('sweeps the active accounts of the organization with --org',
    async () => {
      const swept = await cli(['sweep', '--profiles', PROFILES, '--org',
        '--region', TEST_REGION, ...endpoint(), ...NOW, '--format', 'json']);

      expect(swept.code).toBe(0);
      expect(swept.stderr).toContain(`skipping account ${closed} (SUSPENDED)`);
      const scanned = JSON.parse(swept.stdout).summary.scanned
        .map((s: { account: string }) => s.account);
      expect(scanned).toEqual(expect.arrayContaining(members));
      expect(scanned).not.toContain(closed);
    });

  it('writes one HTML report across the accounts', async () => {
    const file = path.join(dir, 'report.html');

    const swept = await live('--format', 'html', '--out', file);

    expect(swept.code).toBe(0);
    const page = await readFile(file, 'utf8');
    for (const account of members) expect(page).toContain(account);
    expect(page).toContain('eu-west-1');
  });
});

describe('sweepLive', () => {
  const judgeWith = async () => {
    const { bundle } = await loadProfiles(PROFILES);
    return (snapshot: Parameters<typeof evaluate>[0]) => ({
      scanned: { account: snapshot.Account, region: snapshot.Region },
      evaluation: evaluate(snapshot, bundle!),
    });
  };
  const reach = () => {
    const r = reachAccounts({ region: TEST_REGION,
      endpoint: emulatorEndpoint() });
    refuseAssumeRole(r.sts, [REFUSED]);
    return r;
  };
  const targets = (accounts: string[]) => accounts.flatMap((account) =>
    REGIONS.map((region) => ({ account, region })));

  it('lists an account that refuses the role and reads the others',
    async () => {
      const { io, handle } = capture();

      const result = await sweepLive(targets([members[0]!, REFUSED]),
        reach(), { concurrency: 4, io: handle, judge: await judgeWith() });

      expect(result.runs.map((r) => r.scanned)).toEqual(targets([
        members[0]!]));
      expect(result.unreachable).toEqual(REGIONS.map((region) => ({
        account: REFUSED, region, error: expect.stringMatching(
          /^AssumeRole failed \(account 999999999999\): AccessDenied/) }))
        .sort((a, b) => a.region.localeCompare(b.region)));
      expect(io.err).toMatch(/: unreachable: AssumeRole failed/);
      expect(io.out).toBe('');
    });

  it('fails when no account-region can be read', async () => {
    const { handle } = capture();
    await expect(sweepLive(targets([REFUSED]), reach(),
      { concurrency: 2, io: handle, judge: await judgeWith() }))
      .rejects.toThrow(/^nothing could be read: 2 account-region/);
  });

  it('draws one bar in place on a terminal', async () => {
    const { io, handle } = capture(true);

    await sweepLive(targets([members[1]!]), reach(),
      { concurrency: 1, io: handle, judge: await judgeWith() });

    expect(io.err).toContain('\r\u001b[2K[------------------------] 0/2');
    expect(io.err).toContain('\r\u001b[2K[########################] 2/2');
    expect(io.err).toMatch(/\r\u001b\[2Kswept 2 of 2 account-region\(s\) in /);
  });
});
