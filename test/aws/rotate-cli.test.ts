import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memberCredentials } from '../../shared/aws/credentials.ts';
import { InputError } from '../../cli/io.ts';
import {
  reach,
  readTargets,
  writeTargets,
} from '../../cli/rotate/targets.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import { cli } from '../unit/cli/helpers.ts';
import {
  createInterface,
  createSubnet,
  DEFAULT_ACCOUNT,
  emulatorEndpoint,
  groupsOfInterface,
  TEST_REGION,
  testClients,
} from './emulator/aws.ts';
import { refuseAssumeRole } from './emulator/faults.ts';
import {
  PROFILES,
  rotationWorld,
  setsOf,
  type RotationWorld,
} from './rotate-fixtures.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

const MEMBER = '210987654321';
const { ec2 } = testClients();
const client = dynamoClient();
let table = '';

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
  table = await freshTable(client);
});

afterAll(() => {
  vi.unstubAllEnvs();
});

const live = () => ['--region', TEST_REGION, '--endpoint-url',
  emulatorEndpoint()];

function rotateArgs(world: RotationWorld, ...more: string[]): string[] {
  return ['rotate', '--from', world.old, '--to', world.fresh,
    '--profiles', PROFILES, ...live(), ...more];
}

async function setsNow(world: RotationWorld) {
  return setsOf(ec2, Object.keys(world.sets));
}

function rotated(world: RotationWorld): Record<string, string[]> {
  return Object.fromEntries(Object.entries(world.sets).map(([eni, set]) =>
    [eni, set.map((g) => (g === world.old ? world.fresh : g))]));
}

describe('driftguard rotate', () => {
  it('lists what a dry run would move, and changes and records nothing',
    async () => {
      const world = await rotationWorld(ec2);
      const ran = await cli(rotateArgs(world, '--dry-run', '--table',
        table));

      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain('20 interfaces carry');
      expect(ran.stdout).toContain('dry run: would move');
      expect(ran.stdout.match(/^ {2}eni-\S+ {2}.* → /gm)).toHaveLength(20);
      expect(await setsNow(world)).toEqual(world.sets);
      const log = new DynamoAuditLog({ client, tableName: table });
      expect(await log.history(DEFAULT_ACCOUNT, world.old)).toEqual([]);
    });

  it('refuses a new group that breaks its own intent, moving nothing',
    async () => {
      const world = await rotationWorld(ec2);
      const ran = await cli(['rotate', '--from', world.old, '--to',
        world.rogue, '--profiles', PROFILES, ...live()]);

      expect(ran.code).toBe(1);
      expect(ran.stdout).toContain(`refused: ${world.rogue} does not ` +
        'satisfy its own intent: 2 finding(s) at or above medium');
      expect(ran.stdout).toMatch(/critical {2}denied-rule {2}ingress tcp 22 /);
      expect(ran.stdout).toContain('nothing was moved');
      expect(await setsNow(world)).toEqual(world.sets);
    });

  it('refuses a swap that leaves an unbound group beside a profiled one, ' +
    'and makes it with --force, warning', async () => {
    const world = await rotationWorld(ec2);
    const [monitoring, debug] = world.beside;
    const subnetId = await createSubnet(ec2, world.vpcId, '10.0.3.0/24');
    const pair = await createInterface(ec2, { subnetId,
      groupIds: [monitoring, debug] });
    const args = ['rotate', '--from', debug, '--to', world.fresh,
      '--profiles', PROFILES, ...live()];
    const why = 'with the new group, 1 interface(s) would fall short of ' +
      'their own intent: 1 foreign-group-attached';

    const refused = await cli(args);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`refused: ${why}`);
    expect(refused.stdout).toMatch(new RegExp(
      `high {2}foreign-group-attached {2}unbound group ${monitoring} ` +
      `is attached to ${pair} `));
    expect(await groupsOfInterface(ec2, pair)).toEqual([monitoring, debug]);

    const forced = await cli([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`warning: ${why}`);
    expect(await groupsOfInterface(ec2, pair))
      .toEqual([monitoring, world.fresh]);
  });

  it('rotates, records in the table, and releases the whole rotation',
    async () => {
      const world = await rotationWorld(ec2);
      const ran = await cli(rotateArgs(world, '--table', table));

      expect(ran.code).toBe(0);
      expect(await setsNow(world)).toEqual(rotated(world));
      expect(ran.stdout.match(/^ {2}eni-\S+ {2}.* → .* {2}moved: done /gm))
        .toHaveLength(20);
      const undo = /^undo: driftguard (release (rotation-\S+) .*)$/m
        .exec(ran.stdout);
      expect(undo?.[1]).toBe(`release ${undo?.[2]} --table ${table} ` +
        `--region ${TEST_REGION}`);
      const log = new DynamoAuditLog({ client, tableName: table });
      const history = await log.history(DEFAULT_ACCOUNT, world.old);
      expect(history.map((e) => [e.action, e.rotation]))
        .toEqual(Array(20).fill(['rotate-interface', undo?.[2]]));

      const released = await cli([...undo![1]!.split(' '),
        '--endpoint-url', emulatorEndpoint()]);
      expect(released.code).toBe(0);
      expect(released.stdout).toContain(`released rotation ${undo?.[2]}: ` +
        'done, 20 interface(s), 0 skipped');
      expect(await setsNow(world)).toEqual(world.sets);

      const again = await cli([...undo![1]!.split(' '),
        '--endpoint-url', emulatorEndpoint()]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('unchanged, 0 interface(s), ' +
        '20 skipped');
    });

  it('prints the entries of an in-memory log, which release cannot use',
    async () => {
      const world = await rotationWorld(ec2);
      const ran = await cli(rotateArgs(world));

      expect(ran.code).toBe(0);
      expect(ran.stdout).not.toContain('undo:');
      const lines = ran.stdout.split('\n');
      const at = lines.indexOf('audit entries (in memory only; ' +
        'driftguard release needs --table):');
      const entries = lines.slice(at + 1).filter(Boolean)
        .map((line) => JSON.parse(line));
      expect(entries).toHaveLength(20);
      expect(entries[0]).toMatchObject({ action: 'rotate-interface',
        groupId: world.old, status: 'done' });
    });

  it('prints one JSON document with --format json', async () => {
    const world = await rotationWorld(ec2);
    const ran = await cli(rotateArgs(world, '--format', 'json',
      '--dry-run'));

    const out = JSON.parse(ran.stdout);
    expect(out).toMatchObject({ from: world.old, to: world.fresh,
      dryRun: true, refusals: [], accounts: [DEFAULT_ACCOUNT] });
    expect(out.moves).toHaveLength(20);
  });

  it('moves the interfaces of another account through the member role',
    async () => {
      const member = testClients({ credentials: memberCredentials(
        { sts: testClients().sts }).forAccount(MEMBER) });
      const world = await rotationWorld(member.ec2);
      const ran = await cli(rotateArgs(world, '--accounts', MEMBER));

      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain(`account(s) ${MEMBER}`);
      expect(await setsOf(member.ec2, Object.keys(world.sets)))
        .toEqual(rotated(world));
    });

  it('tells an operator refused by the member role to name a role of ' +
    'their own', async () => {
    const options = { memberRole: 'driftguard-member',
      endpointUrl: emulatorEndpoint() };
    const at = await reach(TEST_REGION, options);
    // The deployed member role trusts only driftguard's function roles;
    // moto lets anyone assume any role, so AWS's refusal is injected.
    refuseAssumeRole(at.session.sts, [MEMBER]);
    const targets = writeTargets(at, [at.own, MEMBER], options);

    const read = readTargets(at, targets, options);

    await expect(read).rejects.toBeInstanceOf(InputError);
    await expect(read).rejects.toThrow(new RegExp(
      `^cannot enter account ${MEMBER} as driftguard-member: AssumeRole ` +
      `failed \\(account ${MEMBER}\\): AccessDenied: .*; driftguard's ` +
      'member role trusts only driftguard\'s functions, not an operator: ' +
      'pass --member-role with a role of yours .* or --role-arn with your ' +
      'role in the one account to rotate in$'));
    const help = await cli(['rotate', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('Another account ' +
      'is entered through a role of yours, --member-role NAME in each or ' +
      '--role-arn ARN for one');
  });

  it('exits 2, moving nothing, when the table cannot be written',
    async () => {
      const world = await rotationWorld(ec2);
      const ran = await cli(rotateArgs(world, '--table', 'no-such-table'));

      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(/^driftguard: table no-such-table: could /);
      expect(await setsNow(world)).toEqual(world.sets);
    });

  it('exits 2 for a group id that is not one', async () => {
    const ran = await cli(['rotate', '--from', 'web', '--to', 'sg-0abc',
      '--profiles', PROFILES, ...live()]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('web is not a security group id');
  });
});
