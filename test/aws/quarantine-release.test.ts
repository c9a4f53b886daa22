import { describe, expect, it } from 'vitest';
import { quarantine } from '../../shared/aws/quarantine.ts';
import { releaseTogether } from '../../shared/aws/release-together.ts';
import { release } from '../../shared/aws/release.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  groupsOfInterface,
  rulesOfGroup,
  shapeOf,
  testClients,
} from './emulator/aws.ts';
import { manageByAws } from './emulator/faults.ts';
import { quarantineFixtures } from './quarantine-fixtures.ts';

// Releasing a quarantine: each interface given its group set back, and
// the isolation of the group released with it.
describe('quarantine', () => {
  const { ec2, target, home, scene } = quarantineFixtures();

  it('gives each interface its exact group set back on release', async () => {
    const s = await scene();
    const log = journaled(testClients().ec2);
    const result = await quarantine(target,
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));

    const entry = await log.get(result.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(undone).toMatchObject({ status: 'done' });
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
    expect((await groupsOfInterface(ec2, s.shared)).sort())
      .toEqual([s.good, s.bad].sort());
    expect((await log.get(undone.entryId ?? ''))?.before.interfaceGroups)
      .toEqual({
        [s.alone]: [result.quarantineGroupId],
        [s.shared]: [result.quarantineGroupId],
      });
  });

  it('releases the isolation with the quarantine it is part of', async () => {
    const { ec2: managed } = testClients();
    const s = await scene();
    manageByAws(managed, [s.shared]);
    const log = journaled(testClients().ec2);
    const rules = (await rulesOfGroup(ec2, s.bad)).map(shapeOf).sort();
    const result = await quarantine({ ...target, ec2: managed },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));
    const [move, isolation] = result.entryIds;
    expect(result.entryId).toBe(move);
    expect(await log.get(isolation ?? '')).toMatchObject({
      action: 'isolate-group', partOf: move });

    const released = await releaseTogether(target,
      (await log.get(move ?? ''))!, log);

    expect(released.map((r) => [r.releases, r.result.status]))
      .toEqual([[isolation, 'done'], [move, 'done']]);
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
    expect((await rulesOfGroup(ec2, s.bad)).map(shapeOf).sort())
      .toEqual(rules);
    for (const { releases, result: undone } of released) {
      expect(await log.get(undone.entryId ?? '')).toMatchObject({
        action: 'release', releases, status: 'done' });
      expect((await log.get(releases))?.releasedBy).toBe(undone.entryId);
    }
    await expect(releaseTogether(target, (await log.get(move ?? ''))!, log))
      .rejects.toThrow(/already released/);
  });
});
