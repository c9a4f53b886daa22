import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventIdOf } from '../../../shared/events/index.ts';
import { simulate } from '../../../shared/pipeline/simulate.ts';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import { readSnapshot } from '../../../shared/snapshot/index.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';
import { fixture, fixtureNames } from '../events/helpers.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
let bundle: IntentBundle;
let snapshot: Snapshot;

beforeAll(async () => {
  bundle = (await loadProfiles('examples/profiles')).bundle!;
  snapshot = await readSnapshot('examples/account.json');
});

const run = (event: unknown) => simulate({
  event, snapshot, bundle, cap: 'quarantine', now: NOW,
  ownRoles: ['driftguard-member'],
  principals: { platform: ['platform-admin'], vendor: ['vendor-deployer'] },
});

const example = (name: string) =>
  JSON.parse(readFileSync(`examples/events/${name}.json`, 'utf8'));

describe('simulate', () => {
  it('plans the revoke of world-open SSH on a prod broker', () => {
    const d = run(example('open-ssh-on-prod-broker'));
    expect(d).toMatchObject({ decision: 'evaluate', dryRun: true,
      groups: ['sg-072408d9212310b0e'] });
    expect(d.findings.map((f) => [f.kind, f.ruleId])).toEqual([
      ['denied-rule', 'sgr-02ff6d12b6107dac7'],
    ]);
    expect(d.actions).toEqual([expect.objectContaining({
      status: 'dry-run',
      action: expect.objectContaining({ kind: 'revoke-rules',
        ruleIds: ['sgr-02ff6d12b6107dac7'] }),
    })]);
  });

  it("ignores driftguard's own revoke, saying why", () => {
    const d = run(example('own-revoke'));
    expect(d).toMatchObject({ decision: 'ignore', findings: [],
      actions: [] });
    expect(d.reason).toMatch(/driftguard's own role/);
  });

  it('takes a CloudTrail record on its own as well', () => {
    const { detail } = example('open-ssh-on-prod-broker');
    expect(run(detail).findings.map((f) => f.kind)).toEqual(['denied-rule']);
  });

  it('reports a vendor that made its own group', () => {
    const event = example('open-ssh-on-prod-broker');
    event.detail.eventName = 'CreateSecurityGroup';
    event.detail.userIdentity = { type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/vendor-deployer/x',
      sessionContext: { sessionIssuer: { type: 'Role',
        arn: 'arn:aws:iam::111122223333:role/vendor-deployer' } } };
    event.detail.requestParameters = { groupName: 'agent-sg',
      groupDescription: 'mine', vpcId: 'vpc-00bd1c71e646e7869' };
    event.detail.responseElements = { _return: true,
      groupId: 'sg-014bce256467910b7' };
    const d = run(event);
    expect(d.findings.map((f) => f.kind)).toContain('vendor-created-group');
  });
});

describe('simulate, for a tag call', () => {
  const CLIENT = 'sg-0f699ef56d3422c66';
  const BINDING = 'prod-network, client';
  const deleted = (tagSet?: object) => {
    const event = example('binding-deleted');
    if (tagSet) event.detail.requestParameters.tagSet = tagSet;
    else delete event.detail.requestParameters.tagSet;
    return event;
  };
  const restores = (d: ReturnType<typeof run>) => d.actions
    .filter((a) => a.action.kind === 'restore-tag').map((a) => a.action);

  it.each([
    ['naming the binding key',
      deleted({ items: [{ key: 'driftguard:profiles' }] })],
    ['naming the binding key and value', example('binding-deleted')],
    ['naming no tag, which deletes every tag', deleted()],
  ])('puts back a binding deleted by a DeleteTags %s, as the function would',
    (_, event) => {
      // The example account was exported before the call: its binding is
      // the one the function would remember.
      const d = run(event);

      expect(d.findings).toContainEqual(expect.objectContaining({
        kind: 'binding-tampered', groupId: CLIENT, action: 'rollback' }));
      expect(restores(d)).toEqual([expect.objectContaining({
        groupId: CLIENT, key: 'driftguard:profiles', value: BINDING })]);
    });

  it('knows no binding to put back on a snapshot that shows the delete',
    () => {
      const after = structuredClone(snapshot);
      const group = after.SecurityGroups.find((g) => g.GroupId === CLIENT)!;
      group.Tags = [];

      const d = simulate({ event: deleted(), snapshot: after, bundle,
        cap: 'quarantine', now: NOW, ownRoles: [],
        principals: { platform: [], vendor: [] } });

      expect(d.findings).toContainEqual(expect.objectContaining({
        kind: 'binding-tampered', groupId: CLIENT, action: 'alert' }));
      expect(restores(d)).toEqual([]);
    });

  it('puts back a binding someone else changed', () => {
    const event = deleted();
    event.detail.eventName = 'CreateTags';
    event.detail.requestParameters.tagSet = { items: [
      { key: 'driftguard:profiles', value: 'staging-network, client' }] };

    expect(restores(run(event))).toEqual([expect.objectContaining({
      groupId: CLIENT, value: BINDING })]);
  });

  it('leaves a binding a platform principal deleted', () => {
    const event = deleted();
    event.detail.userIdentity = { type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/platform-admin/x',
      sessionContext: { sessionIssuer: { type: 'Role',
        arn: 'arn:aws:iam::111122223333:role/platform-admin' } } };

    const d = run(event);

    expect(d.findings.map((f) => f.kind)).not.toContain('binding-tampered');
    expect(restores(d)).toEqual([]);
  });
});

// Events of every fixture, pointed at the example account's groups, then
// mutated: the path from parsing to planning never throws, and every
// event it cannot read is reported with its id.
const GROUPS = ['sg-072408d9212310b0e', 'sg-0f699ef56d3422c66',
  'sg-0044d48784a5a3fff', 'sg-014bce256467910b7'];

function retarget(event: unknown, i: number): unknown {
  const text = JSON.stringify(event)
    .replace(/sg-[0-9a-f]{8,17}/g, () => GROUPS[i++ % GROUPS.length]!)
    .replace(/"(account|recipientAccountId)":"\d+"/g, '"$1":"111122223333"')
    .replace(/"(region|awsRegion)":"[a-z0-9-]+"/g, '"$1":"eu-west-1"');
  return JSON.parse(text);
}

const FIXTURES = fixtureNames().map(([name, form], i) =>
  retarget(fixture(name, form), i));

function paths(value: unknown, at: string[] = [], out: string[][] = []) {
  out.push(at);
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  }
  return out;
}

function mutate(event: unknown, where: number, value: unknown, drop: boolean) {
  const copy = structuredClone(event) as Record<string, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[where % all.length]!;
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    parent = parent[key] as Record<string, unknown>;
  }
  if (drop) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = value;
  return copy;
}

describe('simulate, for any mutated event', () => {
  it('never throws, and names the event of everything it cannot read',
    () => {
      fc.assert(fc.property(
        fc.nat(FIXTURES.length - 1), fc.nat(), fc.boolean(),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...GROUPS),
          fc.constantFrom('22', '-1', 'tcp', { items: [{}] }, null)),
        (which, where, drop, value) => {
          const event = mutate(FIXTURES[which], where, value, drop);
          const d = run(event);
          expect(['evaluate', 'ignore', 'invalid']).toContain(d.decision);
          if (d.decision === 'invalid' && eventIdOf(event)) {
            expect(d.eventId).toBe(eventIdOf(event));
          }
        }), { numRuns: 10_000, seed: 20_261_203 });
    }, 120_000);
});
