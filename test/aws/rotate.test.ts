import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRegion } from '../../shared/aws/read.ts';
import { releaseRotation } from '../../shared/aws/release-rotation.ts';
import { rotate, type RotationPlan } from '../../shared/aws/rotation.ts';
import type { WriteTarget } from '../../shared/aws/write.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import { checkRotation } from '../../shared/remediation/rotation.ts';
import { MemoryRotationStore } from '../../shared/store/rotations.ts';
import { JournalingAuditLog } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  testClients,
} from './emulator/aws.ts';
import { failNthCall } from './emulator/fail-call.ts';
import { EC2_UNAUTHORIZED } from './emulator/faults.ts';
import {
  profiles,
  rotationWorld,
  setsOf,
  type RotationWorld,
} from './rotate-fixtures.ts';

const NO_WAIT = { attempts: 1, delayMs: 0 };
let bundle: IntentBundle;

beforeAll(async () => {
  bundle = await profiles();
});

/** A world, a target on a client of its own, and a place to record. */
async function setUp() {
  const clients = testClients();
  const target: WriteTarget = { ec2: clients.ec2, account: DEFAULT_ACCOUNT,
    region: TEST_REGION };
  const world = await rotationWorld(clients.ec2);
  const log = new JournalingAuditLog();
  const rotations = new MemoryRotationStore();
  return { target, world, log, rotations,
    targets: new Map([[DEFAULT_ACCOUNT, target]]),
    options: { log, rotations, intentVersion: bundle.version,
      verify: NO_WAIT } };
}

async function planOf(
  target: WriteTarget,
  world: RotationWorld,
  to = world.fresh,
): Promise<RotationPlan & { refusals: string[] }> {
  const snapshot = await readRegion(target);
  const check = checkRotation([snapshot], bundle, { from: world.old, to });
  return { from: world.old, to, region: TEST_REGION,
    accounts: [DEFAULT_ACCOUNT], moves: check.moves,
    refusals: check.refusals };
}

/**
 * Another writer who, right after the `nth` ModifyNetworkInterfaceAttribute
 * of the target's client, gives `eni` the groups `groups`: a change made
 * between driftguard's write and its read-back.
 */
function meddleAfter(
  target: WriteTarget,
  nth: number,
  eni: string,
  groups: string[],
): void {
  const meddler = testClients().ec2;
  let calls = 0;
  target.ec2.middlewareStack.add((next, context) => async (args) => {
    const out = await next(args);
    const name = context.commandName;
    if (name === 'ModifyNetworkInterfaceAttributeCommand' &&
      ++calls === nth) {
      await meddler.send(new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: eni, Groups: groups }));
    }
    return out;
  }, { step: 'initialize', name: 'testMeddle' });
}

/** Each interface's groups with old swapped for fresh. */
function rotated(world: RotationWorld): Record<string, string[]> {
  return Object.fromEntries(Object.entries(world.sets).map(([eni, set]) =>
    [eni, set.map((g) => (g === world.old ? world.fresh : g))]));
}

describe('rotate', () => {
  it('moves twenty interfaces onto the new group, keeping the others',
    async () => {
      const { target, world, targets, options } = await setUp();
      const plan = await planOf(target, world);
      expect(plan.refusals).toEqual([]);
      expect(plan.moves).toHaveLength(20);

      const result = await rotate(plan, targets, options);

      expect(result.status).toBe('done');
      expect(result.swaps.map((s) => s.status))
        .toEqual(Array(20).fill('done'));
      expect(await setsOf(target.ec2, Object.keys(world.sets)))
        .toEqual(rotated(world));
    });

  it('records each interface\'s groups before its write, in one rotation',
    async () => {
      const { target, world, targets, options, log, rotations } =
        await setUp();
      const plan = await planOf(target, world);
      const result = await rotate(plan, targets, options);

      const entries = await log.all();
      expect(log.journal.slice(0, 3)).toEqual(['begin rotate-interface',
        'finish rotate-interface done', 'begin rotate-interface']);
      expect(entries).toHaveLength(20);
      for (const [i, entry] of entries.entries()) {
        const eni = plan.moves[i]!.networkInterfaceId;
        expect(entry).toMatchObject({ action: 'rotate-interface',
          groupId: world.old, rotation: result.id, status: 'done',
          before: { interfaceGroups: { [eni]: world.sets[eni] } },
          outcome: { done: [eni] } });
      }
      const record = await rotations.get(result.id);
      expect(record).toMatchObject({ from: world.old, to: world.fresh,
        accounts: [DEFAULT_ACCOUNT], region: TEST_REGION });
      expect(record?.members.map((m) => m.entryId))
        .toEqual(entries.map((e) => e.id));
    });

  it('refuses a new group that does not satisfy its own intent', async () => {
    const { target, world } = await setUp();
    const plan = await planOf(target, world, world.rogue);
    const check = checkRotation([await readRegion(target)], bundle,
      { from: world.old, to: world.rogue });

    expect(plan.refusals).toEqual([`${world.rogue} does not satisfy its ` +
      'own intent: 2 finding(s) at or above medium']);
    expect(check.findings.map((f) => [f.kind, f.policyRule ?? ''])).toEqual([
      ['denied-rule', 'no-public-ingress'], ['unapproved-rule', ''],
    ]);
  });

  // EC2 answers UnauthorizedOperation when an IAM or service control
  // policy condition (on the interface's tags, say) denies the call: the
  // SDK does not retry it, and moto never refuses.
  it('stops at a refused swap and puts back the ten already moved',
    async () => {
      const { target, world, targets, options, log } = await setUp();
      const plan = await planOf(target, world);
      const calls = failNthCall(target.ec2,
        'ModifyNetworkInterfaceAttribute', 11, EC2_UNAUTHORIZED);

      const result = await rotate(plan, targets, options);

      expect(result.status).toBe('restored');
      expect(result.swaps.map((s) => s.status))
        .toEqual([...Array(10).fill('done'), 'failed']);
      expect(result.failure).toMatchObject({ status: 'failed',
        networkInterfaceId: plan.moves[10]!.networkInterfaceId,
        error: expect.stringContaining('UnauthorizedOperation') });
      expect(result.restores.map((r) => [r.networkInterfaceId, r.status]))
        .toEqual(plan.moves.slice(0, 10).reverse()
          .map((m) => [m.networkInterfaceId, 'done']));
      expect(calls()).toBe(21);
      expect(await setsOf(target.ec2, Object.keys(world.sets)))
        .toEqual(world.sets);
      const entries = await log.all();
      const releases = entries.filter((e) => e.action === 'release');
      const moved = entries.filter((e) => e.action === 'rotate-interface');
      expect(releases).toHaveLength(10);
      expect(moved.slice(0, 10).map((e) => e.releasedBy))
        .toEqual(moved.slice(0, 10).map((e) =>
          releases.find((r) => r.releases === e.id)?.id));
      expect(moved[10]).toMatchObject({ status: 'failed',
        outcome: { done: [] } });
    });

  it('counts a swap another writer changed as failed, and puts it back',
    async () => {
      const { target, world, targets, options } = await setUp();
      const plan = await planOf(target, world);
      const eni = plan.moves[4]!.networkInterfaceId;
      // Three groups: no interface's rotated set has three, whichever
      // interface is the fifth to move.
      const meddled = [world.fresh, ...world.beside];
      meddleAfter(target, 5, eni, meddled);

      const result = await rotate(plan, targets, options);

      expect(result.status).toBe('restored');
      expect(result.failure).toMatchObject({ status: 'partial',
        networkInterfaceId: eni,
        error: `${eni} carries ${meddled.join(', ')}, not ` +
          rotated(world)[eni]!.join(', ') });
      expect(result.restores.map((r) => r.status))
        .toEqual(Array(5).fill('done'));
      expect(await setsOf(target.ec2, Object.keys(world.sets)))
        .toEqual(world.sets);
    });

  it('finds nothing to move once every interface carries the new group',
    async () => {
      const { target, world, targets, options } = await setUp();
      await rotate(await planOf(target, world), targets, options);
      const again = await planOf(target, world);

      expect(again.moves).toEqual([]);
      expect((await rotate(again, targets, options)).status)
        .toBe('unchanged');
    });
});

describe('releaseRotation', () => {
  it('gives every interface of a rotation its exact group set back',
    async () => {
      const { target, world, targets, options, log, rotations } =
        await setUp();
      const done = await rotate(await planOf(target, world), targets,
        options);
      const record = await rotations.get(done.id);

      const result = await releaseRotation(record!, log,
        async () => target);

      expect(result).toMatchObject({ id: done.id, status: 'done',
        skipped: [] });
      expect(result.steps).toHaveLength(20);
      expect(await setsOf(target.ec2, Object.keys(world.sets)))
        .toEqual(world.sets);
      const again = await releaseRotation(record!, log, async () => target);
      expect(again.status).toBe('unchanged');
      expect(again.skipped).toHaveLength(20);
      expect(again.skipped[0]!.why).toMatch(/^already put back by /);
    });
});
