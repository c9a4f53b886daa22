import { beforeAll, describe, expect, it } from 'vitest';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import {
  checkRotation,
  swapped,
} from '../../../shared/remediation/rotation.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';
import { fixtureBundle, sg, SnapshotBuilder } from '../engine/helpers.ts';

const OLD = sg(1);
const NEW = sg(2);
let bundle: IntentBundle;

beforeAll(async () => {
  bundle = await fixtureBundle();
});

/** Old and new both bound to prod, new clean; `more` adds to it. */
function world(more: (b: SnapshotBuilder) => SnapshotBuilder): Snapshot {
  const builder = new SnapshotBuilder()
    .group(OLD, 'prod', ['in tcp 443 10.0.0.0/8'])
    .group(NEW, 'prod', ['in tcp 443 10.0.0.0/8'])
    .group(sg(3), undefined)
    .eni('eni-1', [OLD])
    .eni('eni-2', [sg(3), OLD]);
  return more(builder).build();
}

const check = (snapshot: Snapshot, to = NEW) =>
  checkRotation([snapshot], bundle, { from: OLD, to });

describe('swapped', () => {
  it.each([
    [[OLD], [NEW]],
    [[sg(3), OLD, sg(4)], [sg(3), NEW, sg(4)]],
    [[OLD, NEW], [NEW]],
    [[sg(3)], [sg(3)]],
  ])('gives %j as %j', (before, after) => {
    expect(swapped(before, OLD, NEW)).toEqual(after);
  });
});

describe('checkRotation', () => {
  it('lists every interface carrying the old group, in id order', () => {
    const result = check(world((b) => b));
    expect(result.refusals).toEqual([]);
    expect(result.moves.map((m) => [m.networkInterfaceId, m.after]))
      .toEqual([['eni-1', [NEW]], ['eni-2', [sg(3), NEW]]]);
    expect(result.bindings).toEqual({ from: ['prod'], to: ['prod'] });
  });

  it('refuses a new group with findings at or above medium', () => {
    const result = check(world((b) =>
      b.group(sg(5), 'prod', ['in tcp 22 0.0.0.0/0'])), sg(5));
    expect(result.refusals).toEqual([`${sg(5)} does not satisfy its own ` +
      'intent: 1 finding(s) at or above medium']);
    expect(result.findings.map((f) => f.kind)).toEqual(['denied-rule']);
  });

  it.each([
    ['an unbound group', undefined,
      'carries no profile binding, so it has no intent to satisfy'],
    ['a binding of two tiers', 'prod,dev',
      'does not satisfy its own intent: 1 finding(s) at or above medium'],
    ['an unknown profile', 'prod,nope',
      'does not satisfy its own intent: 1 finding(s) at or above medium'],
  ])('refuses a new group with %s', (_, binding, why) => {
    const result = check(world((b) => b.group(sg(5), binding)), sg(5));
    expect(result.refusals[0]).toBe(`${sg(5)} ${why}`);
  });

  it('refuses a new group that is not there, or the old one itself', () => {
    expect(check(world((b) => b), sg(9)).refusals)
      .toEqual([`${sg(9)} does not exist in the accounts read`]);
    expect(check(world((b) => b), OLD).refusals)
      .toEqual([`--from and --to are both ${OLD}`]);
    expect(checkRotation([world((b) => b)], bundle,
      { from: sg(8), to: NEW }).refusals)
      .toEqual([`${sg(8)} does not exist in the accounts read`]);
  });

  it('refuses interfaces of another VPC and those AWS manages', () => {
    const snapshot = world((b) => b.eni('eni-3', [OLD]).eni('eni-4', [OLD]));
    const enis = snapshot.NetworkInterfaces!;
    enis[2]!.VpcId = 'vpc-other';
    Object.assign(enis[3]!, { RequesterManaged: true,
      InterfaceType: 'vpc_endpoint' });
    expect(check(snapshot).refusals).toEqual([
      `${OLD} is carried outside vpc-0000000000000aaa1, the VPC of ${NEW}, ` +
        'by eni-3',
      'an AWS service manages the groups of eni-4 (vpc_endpoint); change ' +
        'them through that service first',
    ]);
  });

  it('refuses a swap that would leave a tagged interface without the ' +
    'profile its tags call for, and warns of it when forced', () => {
    const snapshot = world((b) => b.group(sg(5), 'dev')
      .eni('eni-3', [OLD], { env: 'prod' }));
    const why = 'with the new group, 1 interface(s) would fall short of ' +
      'their own intent: 1 attachment-missing-profile';

    const refused = check(snapshot, sg(5));
    const forced = checkRotation([snapshot], bundle,
      { from: OLD, to: sg(5), force: true });

    expect(refused.refusals).toEqual([why]);
    expect(refused.attachments.map((f) => [f.kind, f.networkInterfaceId,
      f.profile])).toEqual([['attachment-missing-profile', 'eni-3', 'prod']]);
    expect(forced.refusals).toEqual([]);
    expect(forced.warnings).toEqual([why]);
    expect(forced.moves).toHaveLength(3);
  });

  it('refuses a swap that would put an unbound group beside a profiled ' +
    'one, but not one that was there before', () => {
    const snapshot = world((b) => b.group(sg(6), undefined)
      .eni('eni-5', [sg(3), sg(6)]));

    const result = checkRotation([snapshot], bundle, { from: sg(6), to: NEW });

    expect(result.attachments.map((f) => [f.kind, f.networkInterfaceId,
      f.groupId])).toEqual([['foreign-group-attached', 'eni-5', sg(3)]]);
    expect(result.refusals).toEqual(['with the new group, 1 interface(s) ' +
      'would fall short of their own intent: 1 foreign-group-attached']);
    expect(check(snapshot).attachments).toEqual([]);
  });

  it('judges a group shared from another account on the interfaces of ' +
    'the account it is shared with', () => {
    const owner = world((b) => b.group(sg(5), 'dev'));
    const member = { ...new SnapshotBuilder().group(OLD, 'prod')
      .eni('eni-9', [OLD], { env: 'prod' }).build(),
      Account: '444455556666' };

    const result = checkRotation([owner, member], bundle,
      { from: OLD, to: sg(5) });

    expect(result.moves.map((m) => m.networkInterfaceId))
      .toEqual(['eni-1', 'eni-2', 'eni-9']);
    expect(result.attachments.map((f) => [f.account, f.networkInterfaceId,
      f.kind])).toEqual([['444455556666', 'eni-9',
      'attachment-missing-profile']]);
  });
});
