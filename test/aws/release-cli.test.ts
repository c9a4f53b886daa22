import { execFile } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../unit/cli/helpers.ts';
import {
  DEFAULT_ACCOUNT,
  allowIngress,
  emulatorEndpoint,
  groupsOfInterface,
  testClients,
  TEST_REGION,
} from './emulator/aws.ts';
import { drain, notifyClients } from './notify-fixtures.ts';
import { account, deploy, type Deployment } from './on-change-fixtures.ts';
import { ingress, trail } from './trail.ts';

let live: Deployment;
let world: Awaited<ReturnType<typeof account>>;
let entryId = '';
let table = '';
/** The release command the alert of the quarantine printed. */
let alerted = '';

const aws = () => ['--table', table, '--region', TEST_REGION,
  '--endpoint-url', emulatorEndpoint()];

beforeAll(async () => {
  live = await deploy();
  table = live.runtime.config.table ?? '';
  world = await account();
  await allowIngress(world.ec2, world.pci, { IpProtocol: 'tcp',
    FromPort: 21, ToPort: 21, IpRanges: [{ CidrIp: '10.1.0.0/16' }] });
  await live.invoke(trail('AuthorizeSecurityGroupIngress',
    ingress(world.pci, 'tcp', 21, 21, '10.1.0.0/16')));
  const [entry] = await live.runtime.stores.audit.history(DEFAULT_ACCOUNT,
    world.pci);
  entryId = entry!.id;
  const [message] = await drain(notifyClients().sqs, live.notifications, 1);
  const writes: { auditId?: string; release?: string }[] =
    JSON.parse(message?.Body ?? '{}').writes ?? [];
  alerted = writes.find((w) => w.auditId === entryId)?.release ?? '';
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * Run a command line as a person pastes it into a shell: bash reads it,
 * and `driftguard` on the PATH is this checkout's command line. Only the
 * emulator's endpoint and keys come from the environment; the table and
 * region the command needs must be in it.
 */
async function inShell(command: string) {
  const bin = await mkdtemp(path.join(tmpdir(), 'driftguard-bin-'));
  const main = path.resolve('cli/main.ts');
  await writeFile(path.join(bin, 'driftguard'),
    `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
  await chmod(path.join(bin, 'driftguard'), 0o755);
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(),
  };
  return promisify(execFile)('bash', ['-c', command], { env })
    .then(({ stdout }) => ({ code: 0, stdout }))
    .catch((error: { code?: number; stdout?: string; stderr?: string }) =>
      ({ code: error.code ?? -1, stdout: `${error.stdout}${error.stderr}` }));
}

describe('driftguard release', () => {
  it('prints a release command that names the table and its region',
    async () => {
      const command = `driftguard release '${entryId}' --table ${table} ` +
        `--region ${TEST_REGION}`;
      expect(alerted).toBe(command);

      const ran = await cli(['history', '--group', world.pci, ...aws(),
        '--format', 'json']);
      expect(ran.code).toBe(0);
      const rows = JSON.parse(ran.stdout).entries;
      expect(rows[0]).toMatchObject({ action: 'quarantine', status: 'done',
        release: command });
    });

  it('finds the table in DRIFTGUARD_TABLE, and says what would be put back '
    + 'in a dry run', async () => {
      vi.stubEnv('DRIFTGUARD_TABLE', table);
      const ran = await cli(['release', entryId, '--region', TEST_REGION,
        '--endpoint-url', emulatorEndpoint(), '--dry-run']);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toMatch(/^dry run: would release /);
      for (const eni of world.enis) {
        expect(await groupsOfInterface(world.ec2, eni))
          .not.toContain(world.pci);
      }
    });

  it('exits 2 naming --table and DRIFTGUARD_TABLE without either',
    async () => {
      vi.stubEnv('DRIFTGUARD_TABLE', '');
      const ran = await cli(['release', entryId, '--region', TEST_REGION,
        '--endpoint-url', emulatorEndpoint()]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toBe('driftguard: release needs --table NAME (or ' +
        'DRIFTGUARD_TABLE set): the driftguard table that holds the entry\n');
    });

  it('puts every interface back when the alert\'s command is run as '
    + 'printed, recording who ran it', async () => {
      const ran = await inShell(alerted);

      expect(ran.stdout).toMatch(new RegExp(`^released ${entryId}: done`));
      expect(ran.code).toBe(0);
      for (const eni of world.enis) {
        expect(await groupsOfInterface(world.ec2, eni)).toEqual([world.pci]);
      }
      const record = await live.runtime.stores.quarantines.get(entryId);
      expect(record).toMatchObject({ status: 'released' });
      const entry = await live.runtime.stores.audit.get(entryId);
      const releaseEntry = await live.runtime.stores.audit.get(
        entry?.releasedBy ?? '');
      const caller = await testClients().sts.send(
        new GetCallerIdentityCommand({}));
      expect(caller.Arn).toMatch(/^arn:aws:/);
      expect(releaseEntry).toMatchObject({ action: 'release',
        releases: entryId, status: 'done',
        reason: { trigger: 'cli', actor: caller.Arn } });

      const history = await cli(['history', '--group', world.pci, ...aws(),
        '--format', 'json']);
      expect(JSON.parse(history.stdout).entries[0]).toMatchObject({
        id: releaseEntry?.id, reason: { actor: caller.Arn } });
    });

  it('refuses to release twice, exiting 2', async () => {
    const ran = await cli(['release', entryId, ...aws()]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/already released/);
  });

  it('exits 2 for an id the table does not hold', async () => {
    const ran = await cli(['release', '2026-01-01T00:00:00.000Z#nope',
      ...aws()]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/no audit entry/);
  });
});
