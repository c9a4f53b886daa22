import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createClient, memberCredentials } from '../../shared/aws/index.ts';
import { readConfig } from '../../shared/config.ts';
import { SILENT } from '../../shared/notify/channel.ts';
import { sweepRegion } from '../../shared/pipeline/region.ts';
import { createRuntime, type Runtime } from '../../shared/pipeline/runtime.ts';
import { loadProfiles } from '../../shared/profiles/index.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import { cli } from '../unit/cli/helpers.ts';
import {
  allowIngress,
  createGroup,
  createNetwork,
  emulatorEndpoint,
  rulesOfGroup,
  testClients,
  TEST_REGION,
} from './emulator/aws.ts';
import { EC2_UNAUTHORIZED, failFirst } from './emulator/faults.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

const CANARY = '111111111111';
const SECOND = '222222222222';
const THIRD = '333333333333';
const ACCOUNTS = [CANARY, SECOND, THIRD];
const T0 = new Date('2026-12-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** The on-change profiles (v1), and v2: https admitted from a narrower
 * block, rolled out in two waves. */
async function versions(): Promise<[IntentBundle, IntentBundle]> {
  const v1 = (await loadProfiles('test/fixtures/on-change/profiles')).bundle!;
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-v2-'));
  await cp('test/fixtures/on-change/profiles', dir, { recursive: true });
  const prod = path.join(dir, 'prod.yaml');
  await writeFile(prod, (await readFile(prod, 'utf8'))
    .replace('from: { cidr: 10.0.0.0/8 }', 'from: { cidr: 10.0.0.0/10 }'));
  await writeFile(path.join(dir, 'settings.yaml'), [
    'apiVersion: driftguard/v1', 'kind: Settings',
    'metadata: { name: deployment }', 'spec:', '  rollout:', '    waves:',
    `      - { name: canary, accounts: ["${CANARY}"] }`,
    '      - { name: rest, accounts: all }',
    '    soakMinutes: 60', ''].join('\n'));
  const v2 = (await loadProfiles(dir)).bundle!;
  return [v1, v2];
}

/** A runtime of one version on `table`, its clock set by the test. */
function runtimeOf(bundle: IntentBundle, table: string): Runtime {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  return createRuntime(readConfig({ AWS_REGION: TEST_REGION,
    DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(), DRIFTGUARD_TABLE: table,
    DRIFTGUARD_DRY_RUN: 'false' }), SILENT, bundle);
}

/** In each account, a group bound to prod,client whose one rule (https
 * from 10.99.0.0/16) v1 approves and v2 does not. */
async function accounts() {
  const { sts } = testClients();
  const creds = memberCredentials({ sts });
  const groups: Record<string, { ec2: EC2Client; group: string }> = {};
  for (const account of ACCOUNTS) {
    const ec2 = createClient(EC2Client, { ...testClients().options,
      credentials: creds.forAccount(account) });
    const { vpcId } = await createNetwork(ec2);
    const group = await createGroup(ec2, { vpcId, name: 'web',
      tags: { 'driftguard:profiles': 'prod, client' } });
    await allowIngress(ec2, group, { IpProtocol: 'tcp', FromPort: 443,
      ToPort: 443, IpRanges: [{ CidrIp: '10.99.0.0/16' }] });
    groups[account] = { ec2, group };
  }
  return groups;
}

async function sweep(runtime: Runtime, account: string, now: Date) {
  const deps = { ...runtime.changeDeps(), now: () => now };
  return sweepRegion(account, TEST_REGION, deps);
}

const hasLab = async (ec2: EC2Client, group: string) =>
  (await rulesOfGroup(ec2, group)).some((r) => r.CidrIpv4 === '10.99.0.0/16');

describe('a rollout of a new intent version', () => {
  it('converges the canary, holds the rest through the soak, then goes on',
    async () => {
      const [v1, v2] = await versions();
      const table = await freshTable(dynamoClient());
      const world = await accounts();
      const old = runtimeOf(v1, table);
      for (const a of ACCOUNTS) await sweep(old, a, T0);
      const next = runtimeOf(v2, table);

      const canary = await sweep(next, CANARY, T0);
      expect(canary.intentVersion).toBe(v2.version);
      expect(canary.actions.map((a) => a.status)).toEqual(['done']);
      expect(await hasLab(world[CANARY]!.ec2, world[CANARY]!.group))
        .toBe(false);

      const held = await sweep(next, SECOND, later(30));
      expect(held.intentVersion).toBe(v1.version);
      expect(held.actions).toEqual([]);
      expect(held.pending.map((f) => [f.kind, f.action, f.pending]))
        .toEqual([['unapproved-rule', 'none', true]]);
      expect(await hasLab(world[SECOND]!.ec2, world[SECOND]!.group))
        .toBe(true);

      const after = await sweep(next, SECOND, later(61));
      expect(after.intentVersion).toBe(v2.version);
      expect(await hasLab(world[SECOND]!.ec2, world[SECOND]!.group))
        .toBe(false);
      expect((await next.rollout.state(later(200))).status)
        .toBe('complete');
    });

  it('halts everything when a write fails in the canary; abort returns ' +
    'every account to the old version', async () => {
    const [v1, v2] = await versions();
    const table = await freshTable(dynamoClient());
    const world = await accounts();
    const old = runtimeOf(v1, table);
    await sweep(old, CANARY, T0);
    const next = runtimeOf(v2, table);
    // AWS refuses the revoke (a permission boundary, say): the emulator
    // never refuses, so the refusal is injected.
    failFirst(await next.ec2For(CANARY, TEST_REGION),
      'RevokeSecurityGroupIngress', EC2_UNAUTHORIZED, 10);

    const canary = await sweep(next, CANARY, T0);
    expect(canary.actions.map((a) => a.status)).toEqual(['failed']);
    const halted = await next.rollout.state(later(120));
    expect(halted).toMatchObject({ status: 'halted', wave: 0 });
    expect(halted.reason).toMatch(/a write failed in 111111111111/);
    const third = await sweep(next, THIRD, later(120));
    expect(third.intentVersion).toBe(v1.version);
    expect(await hasLab(world[THIRD]!.ec2, world[THIRD]!.group)).toBe(true);

    const aws = ['--table', table, '--region', TEST_REGION,
      '--endpoint-url', emulatorEndpoint()];
    const status = await cli(['rollout', 'status', ...aws]);
    expect(status.stdout).toMatch(/: halted \(a write failed in /);
    const aborted = await cli(['rollout', 'abort', ...aws, '--format',
      'json', '--reason', 'canary broke']);
    expect(aborted.code).toBe(0);
    expect(JSON.parse(aborted.stdout)).toMatchObject({ status: 'aborted',
      reason: 'canary broke' });
    const back = await sweep(next, CANARY, later(130));
    expect(back.intentVersion).toBe(v1.version);
    expect(back.evaluation.findings).toEqual([]);
    expect(back.pending).toEqual([]);
    const entries = await next.stores.audit.history(CANARY,
      world[CANARY]!.group);
    expect(entries.map((e) => e.status)).toContain('failed');
  });

  it('is paused and resumed from the command line', async () => {
    const [v1, v2] = await versions();
    const table = await freshTable(dynamoClient());
    await sweep(runtimeOf(v1, table), CANARY, T0);
    await runtimeOf(v2, table).rollout.state(T0);
    const aws = ['--table', table, '--region', TEST_REGION,
      '--endpoint-url', emulatorEndpoint()];
    expect((await cli(['rollout', 'pause', ...aws])).stdout)
      .toMatch(/: paused/);
    expect((await cli(['rollout', 'resume', ...aws])).stdout)
      .toMatch(/: running/);
    const wrong = await cli(['rollout', 'frob', ...aws]);
    expect(wrong.code).toBe(2);
  });
});
