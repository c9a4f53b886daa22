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
});
