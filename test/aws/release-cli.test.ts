import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../unit/cli/helpers.ts';
import {
  DEFAULT_ACCOUNT,
  allowIngress,
  emulatorEndpoint,
  groupsOfInterface,
  TEST_REGION,
} from './emulator/aws.ts';
import { account, deploy, type Deployment } from './on-change-fixtures.ts';
import { ingress, trail } from './trail.ts';

let live: Deployment;
let world: Awaited<ReturnType<typeof account>>;
let entryId = '';

const aws = () => ['--table', live.runtime.config.table ?? '',
  '--region', TEST_REGION, '--endpoint-url', emulatorEndpoint()];

beforeAll(async () => {
  live = await deploy();
  world = await account();
  await allowIngress(world.ec2, world.pci, { IpProtocol: 'tcp',
    FromPort: 21, ToPort: 21, IpRanges: [{ CidrIp: '10.1.0.0/16' }] });
  await live.invoke(trail('AuthorizeSecurityGroupIngress',
    ingress(world.pci, 'tcp', 21, 21, '10.1.0.0/16')));
  const [entry] = await live.runtime.stores.audit.history(DEFAULT_ACCOUNT,
    world.pci);
  entryId = entry!.id;
});

describe('driftguard release', () => {
  it('lists the quarantine in the group\'s history, with its release command',
    async () => {
      const ran = await cli(['history', '--group', world.pci, ...aws(),
        '--format', 'json']);
      expect(ran.code).toBe(0);
      const rows = JSON.parse(ran.stdout).entries;
      expect(rows[0]).toMatchObject({ action: 'quarantine', status: 'done',
        release: `driftguard release ${entryId}` });
    });

  it('says what it would put back in a dry run, changing nothing',
    async () => {
      const ran = await cli(['release', entryId, ...aws(), '--dry-run']);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toMatch(/^dry run: would release /);
      for (const eni of world.enis) {
        expect(await groupsOfInterface(world.ec2, eni))
          .not.toContain(world.pci);
      }
    });

  it('puts every interface back and closes the quarantine record',
    async () => {
      const ran = await cli(['release', entryId, ...aws()]);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toMatch(new RegExp(`^released ${entryId}: done`));
      for (const eni of world.enis) {
        expect(await groupsOfInterface(world.ec2, eni)).toEqual([world.pci]);
      }
      const record = await live.runtime.stores.quarantines.get(entryId);
      expect(record).toMatchObject({ status: 'released' });
      const entry = await live.runtime.stores.audit.get(entryId);
      expect(entry?.releasedBy).toBeDefined();
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
