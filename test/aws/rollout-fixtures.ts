// Three accounts and versions of the on-change profiles to roll out
// between them: v1 approves https from 10.0.0.0/8; later versions admit
// it from 10.0.0.0/10 only, in waves whose canary the test names. Each
// test gets accounts of its own, since a sweep reads a region whole.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createClient, memberCredentials } from '../../shared/aws/index.ts';
import { readConfig } from '../../shared/config.ts';
import { SILENT } from '../../shared/notify/channel.ts';
import { sweepRegion } from '../../shared/pipeline/region.ts';
import { createRuntime, type Runtime } from '../../shared/pipeline/runtime.ts';
import { loadProfiles } from '../../shared/profiles/index.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import {
  allowIngress,
  createGroup,
  createNetwork,
  emulatorEndpoint,
  rulesOfGroup,
  testClients,
  TEST_REGION,
} from './emulator/aws.ts';

export const T0 = new Date('2026-12-01T10:00:00Z');

/** `minutes` after T0. */
export const later = (minutes: number) =>
  new Date(T0.getTime() + minutes * 60_000);

const PROFILES = 'test/fixtures/on-change/profiles';

/** How a version after v1 rolls out. */
export interface Waves {
  canary: string;
  maxWritesPerWave?: number;
  soakMinutes?: number;
}

/** v1, the on-change profiles as they are. */
export async function v1(): Promise<IntentBundle> {
  return (await loadProfiles(PROFILES)).bundle!;
}

/**
 * A later version: https admitted from 10.0.0.0/10 only, rolled out in
 * two waves (the canary, then every other account).
 */
export async function narrowed(waves: Waves): Promise<IntentBundle> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-v2-'));
  await cp(PROFILES, dir, { recursive: true });
  const prod = path.join(dir, 'prod.yaml');
  await writeFile(prod, (await readFile(prod, 'utf8'))
    .replace('from: { cidr: 10.0.0.0/8 }', 'from: { cidr: 10.0.0.0/10 }'));
  await writeFile(path.join(dir, 'settings.yaml'), [
    'apiVersion: driftguard/v1', 'kind: Settings',
    'metadata: { name: deployment }', 'spec:', '  rollout:', '    waves:',
    `      - { name: canary, accounts: ["${waves.canary}"] }`,
    '      - { name: rest, accounts: all }',
    `    soakMinutes: ${waves.soakMinutes ?? 60}`,
    ...waves.maxWritesPerWave === undefined
      ? []
      : [`    maxWritesPerWave: ${waves.maxWritesPerWave}`],
    ''].join('\n'));
  return (await loadProfiles(dir)).bundle!;
}

/** A runtime of one version on `table`, its clock set by the test. */
export function runtimeOf(bundle: IntentBundle, table: string): Runtime {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  return createRuntime(readConfig({ AWS_REGION: TEST_REGION,
    DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(), DRIFTGUARD_TABLE: table,
    DRIFTGUARD_DRY_RUN: 'false' }), SILENT, bundle);
}

/** One account's client, VPC and the web group the test watches. */
export interface Place {
  account: string;
  ec2: EC2Client;
  vpcId: string;
  group: string;
}

/** The https rule from the lab block, which v1 approves and v2 does not. */
export const LAB = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
  IpRanges: [{ CidrIp: '10.99.0.0/16' }] };

/** Three accounts no other test uses: the canary first. */
export interface World {
  canary: Place;
  second: Place;
  third: Place;
  all: Place[];
}

function freshAccount(): string {
  return String(200_000_000_000 + Math.floor(Math.random() * 7e11));
}

/** In each of three new accounts, a group bound to prod,client with the
 * lab rule. */
export async function accounts(): Promise<World> {
  const { sts } = testClients();
  const creds = memberCredentials({ sts });
  const all: Place[] = [];
  for (let i = 0; i < 3; i += 1) {
    const account = freshAccount();
    const ec2 = createClient(EC2Client, { ...testClients().options,
      credentials: creds.forAccount(account) });
    const { vpcId } = await createNetwork(ec2);
    all.push({ account, ec2, vpcId, group: await webGroup(ec2, vpcId) });
  }
  const [canary, second, third] = all as [Place, Place, Place];
  return { canary, second, third, all };
}

/** A group bound to prod,client with the lab rule, in `vpcId`. */
export async function webGroup(ec2: EC2Client, vpcId: string) {
  const group = await createGroup(ec2, { vpcId,
    name: `web-${crypto.randomUUID().slice(0, 8)}`,
    tags: { 'driftguard:profiles': 'prod, client' } });
  await allowIngress(ec2, group, LAB);
  return group;
}

/** Sweeps `account` with the runtime, its clock at `now`. */
export async function sweep(runtime: Runtime, account: string, now: Date) {
  const deps = { ...runtime.changeDeps(), now: () => now };
  return sweepRegion(account, TEST_REGION, deps);
}

/** Whether the group still has the lab rule. */
export const hasLab = async (place: Place, group = place.group) =>
  (await rulesOfGroup(place.ec2, group))
    .some((r) => r.CidrIpv4 === '10.99.0.0/16');
