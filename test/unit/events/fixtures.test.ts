import { describe, expect, it } from 'vitest';
import {
  HANDLED_EVENT_NAMES,
  parseEvent,
} from '../../../shared/events/index.ts';
import { fixture, fixtureNames, OPTIONS } from './helpers.ts';

const BROKER = 'sg-0a1b2c3d4e5f60718';
const CLIENT = 'sg-0c7d8e9f0a1b2c3d4';
const WEB = 'sg-05cfe8b63251ae8bf';
const AGENT = 'sg-0f1e2d3c4b5a69788';
const TCP = 6;

// What each fixture parses to: the decision and the fields that matter.
const EXPECTED: Record<string, object> = {
  'AuthorizeSecurityGroupEgress/ip-permissions': { change: {
    kind: 'rules', direction: 'egress', groupIds: [AGENT],
    ruleIds: ['sgr-732881584d8c4fa28'],
    permissions: [{ protocol: TCP, fromPort: 443, toPort: 443, peers: [
      { kind: 'prefixList', prefixListId: 'pl-6da54004', description: 'S3' },
    ] }],
  } },
  'AuthorizeSecurityGroupEgress/masked-identity': { change: {
    account: '111122223333', groupIds: [AGENT],
    ruleIds: ['sgr-6f7e3dfc967a64cb1'],
    actor: {
      type: 'AssumedRole', accountId: '123456789',
      principalId: '123456789:Bob',
      arn: 'arn:aws:sts::123456789:assumed-role/123456789/Bob',
      sessionIssuer: 'arn:aws:iam::123456789:role/123456789',
    },
    permissions: [{ protocol: -1,
      peers: [{ kind: 'cidr', cidr: '0.0.0.0/0' }] }],
  } },
  'AuthorizeSecurityGroupIngress/dry-run': {
    decision: 'ignore', reason: expect.stringMatching(/dry run/),
  },
  'AuthorizeSecurityGroupIngress/flat': { change: {
    groupIds: [WEB], direction: 'ingress',
    ruleIds: ['sgr-3d5a4fd12aabfe228'],
    permissions: [{ protocol: TCP, fromPort: 22, toPort: 22,
      peers: [{ kind: 'cidr', cidr: '0.0.0.0/0' }] }],
  } },
  'AuthorizeSecurityGroupIngress/group-name': { change: {
    groupIds: [], groupNames: [{ name: 'web' }], ruleIds: [],
    actor: { invokedBy: 'cloudformation.amazonaws.com' },
  } },
  'AuthorizeSecurityGroupIngress/ip-permissions': { change: {
    groupIds: [BROKER], ruleIds: ['sgr-6b3216fdaeeb97572'],
    permissions: [{ protocol: TCP, fromPort: 9092, toPort: 9093, peers: [
      { kind: 'cidr', cidr: '10.20.0.0/16', description: 'analytics clients' },
    ] }],
  } },
  'AuthorizeSecurityGroupIngress/own-role': {
    decision: 'ignore', reason: expect.stringMatching(
      /own role arn:aws:iam::111122223333:role\/driftguard\//),
  },
  'AuthorizeSecurityGroupIngress/string-ports': { change: {
    groupIds: [BROKER],
    ruleIds: ['sgr-bbf33feff9243a8f5', 'sgr-06b40928b5b7a767c',
      'sgr-76fb008f86bebb273'],
    permissions: [
      { protocol: TCP, fromPort: 9092, toPort: 9093, peers: [
        { kind: 'cidr', cidr: 'fd12:3456:789a::/48' },
        { kind: 'group', groupId: CLIENT, userId: '111122223333' },
      ] },
      { protocol: 1, fromPort: 8, toPort: -1, peers: [
        { kind: 'prefixList', prefixListId: 'pl-0a9b8c7d6e5f43210' },
      ] },
    ],
  } },
  'CreateNetworkInterface/default-group': { change: {
    kind: 'launched', groupIds: ['sg-0c16d65b6a7e8f901'],
    networkInterfaceIds: ['eni-0123456789abcdef0'],
  } },
  'CreateNetworkInterface/group-set': { change: {
    kind: 'launched', groupIds: [CLIENT],
    networkInterfaceIds: ['eni-0a38f435c9aac51ea'],
  } },
  'CreateSecurityGroup/default-vpc': { change: {
    kind: 'group-created', groupIds: ['sg-09a8b7c6d5e4f3a21'],
    createdGroup: { groupId: 'sg-09a8b7c6d5e4f3a21', groupName: 'web' },
  } },
  'CreateSecurityGroup/vpc': { change: {
    kind: 'group-created', groupIds: ['sg-0d4c3b2a1f0e9d8c7'],
    createdGroup: { groupId: 'sg-0d4c3b2a1f0e9d8c7',
      groupName: 'acme-agent-sg', vpcId: 'vpc-0e5d4c3b2a1908f7e' },
  } },
  'CreateTags/instance': {
    decision: 'ignore', reason: expect.stringMatching(
      /i-0f9e8d7c6b5a43210, vol-0c9b8a7f6e5d4c3b2: none of them is a sec/),
  },
  'CreateTags/security-group': { change: {
    kind: 'binding', groupIds: [BROKER],
    tagChange: { action: 'create', groupIds: [BROKER], tags: [
      { key: 'driftguard:profiles', value: 'prod-network,broker' },
    ] },
  } },
  'DeleteSecurityGroup/group-id': { change: {
    kind: 'group-deleted', groupIds: [CLIENT],
    deletedGroup: { groupId: CLIENT },
  } },
  'DeleteSecurityGroup/group-name': { change: {
    kind: 'group-deleted', groupIds: [], groupNames: [{ name: 'web' }],
    deletedGroup: { groupName: 'web' },
  } },
  'DeleteTags/security-group': { change: {
    kind: 'binding', groupIds: [BROKER, CLIENT],
    tagChange: { action: 'delete', tags: [{ key: 'driftguard:profiles' }] },
  } },
  'DeleteTags/every-tag': { change: {
    kind: 'binding', groupIds: [BROKER],
    tagChange: { action: 'delete', groupIds: [BROKER], tags: [] },
    reason: expect.stringMatching(/^DeleteTags of every tag on sg-0a1b/),
  } },
  'DescribeSecurityGroups/read-only': {
    decision: 'ignore', reason: expect.stringMatching(/not an event/),
  },
  'ModifyInstanceAttribute/group-set': { change: {
    kind: 'attached', groupIds: [WEB, AGENT],
    instanceIds: ['i-0f9e8d7c6b5a43210'],
  } },
  'ModifyInstanceAttribute/user-data': {
    decision: 'ignore', reason: expect.stringMatching(/changes userData of/),
  },
  'ModifyNetworkInterfaceAttribute/group-set': { change: {
    kind: 'attached', groupIds: [BROKER, WEB],
    networkInterfaceIds: ['eni-0b6a5f4e3d2c1b0a9'],
  } },
  'ModifyNetworkInterfaceAttribute/source-dest-check': {
    decision: 'ignore',
    reason: expect.stringMatching(/changes sourceDestCheck of eni-/),
  },
  'ModifySecurityGroupRules/pascal-case': { change: {
    kind: 'rules', groupIds: [BROKER], ruleIds: ['sgr-83b7ffc050fec94db'],
    permissions: [{ protocol: TCP, fromPort: 9092, toPort: 9093,
      peers: [{ kind: 'cidr', cidr: '0.0.0.0/0' }],
      ruleId: 'sgr-83b7ffc050fec94db',
      description: 'temporary vendor access' }],
  } },
  'RevokeSecurityGroupEgress/ip-permissions': { change: {
    direction: 'egress', groupIds: [AGENT],
    ruleIds: ['sgr-eee3692f09e2e8c66'],
  } },
  'RevokeSecurityGroupEgress/rule-ids': { change: {
    direction: 'egress', groupIds: [AGENT],
    ruleIds: ['sgr-07d2a9c4e1b5f3608'], permissions: [],
  } },
  'RevokeSecurityGroupIngress/ip-permissions': { change: {
    groupIds: [BROKER], ruleIds: ['sgr-c9791e558e08baa71'],
    permissions: [{ protocol: TCP, fromPort: 9092, toPort: 9093,
      peers: [{ kind: 'group', groupId: CLIENT }] }],
  } },
  'RevokeSecurityGroupIngress/null-response': { change: {
    groupIds: [WEB], ruleIds: [],
  } },
  'RevokeSecurityGroupIngress/rule-ids': { change: {
    direction: 'ingress', groupIds: [BROKER],
    ruleIds: ['sgr-0e4b7c1d9a2f36580'], permissions: [],
  } },
  'RevokeSecurityGroupIngress/unauthorized': {
    decision: 'ignore',
    reason: expect.stringMatching(/failed with Client.UnauthorizedOperation/),
  },
  'RunInstances/group-set': { change: {
    kind: 'launched', groupIds: [BROKER],
    instanceIds: ['i-0c6075ae3e35f2fac'],
    networkInterfaceIds: ['eni-070b0d64494ba7083'],
  } },
  'RunInstances/network-interfaces': { change: {
    kind: 'launched', groupIds: [CLIENT, AGENT],
    instanceIds: ['i-0a4f3e2d1c0b9a876', 'i-0b5a4f3e2d1c0b987'],
    networkInterfaceIds: ['eni-0d2c1b0a9f8e7d6c5', 'eni-0e3d2c1b0a9f8e7d6'],
  } },
  'RunInstances/unauthorized': {
    decision: 'ignore',
    reason: expect.stringMatching(/failed with Client.UnauthorizedOperation/),
  },
  'UpdateSecurityGroupRuleDescriptionsEgress/ip-permissions': { change: {
    direction: 'egress', groupIds: [AGENT], ruleIds: [],
  } },
  'UpdateSecurityGroupRuleDescriptionsIngress/ip-permissions': { change: {
    direction: 'ingress', groupIds: [BROKER], ruleIds: [],
  } },
};

describe('CloudTrail event fixtures', () => {
  const names = fixtureNames();

  it('has an expectation for every fixture, and no other', () => {
    expect(Object.keys(EXPECTED).sort())
      .toEqual(names.map(([name, form]) => `${name}/${form}`));
  });

  it.each(HANDLED_EVENT_NAMES)('has a fixture of %s', (eventName) => {
    expect(names.some(([name]) => name === eventName)).toBe(true);
  });

  it.each(names)('reads %s/%s as expected', (eventName, form) => {
    const event = fixture(eventName, form);
    const expected = EXPECTED[`${eventName}/${form}`];
    const result = parseEvent(event, OPTIONS);
    const eventId = event.detail.eventID as string;

    if ('change' in (expected ?? {})) {
      expect(result).toMatchObject({ decision: 'evaluate', ...expected });
      expect(result).toMatchObject({ change: {
        eventId, eventName, account: '111122223333', region: 'eu-west-1',
        eventTime: event.detail.eventTime,
        requestId: event.detail.requestID,
      } });
    } else {
      expect(result).toMatchObject({ eventId, eventName, ...expected });
    }
  });

  it.each(names)('says in %s/%s who did what to which group', (name, form) => {
    const result = parseEvent(fixture(name, form), OPTIONS);
    if (result.decision !== 'evaluate') return;
    const { change } = result;
    const subject = change.groupIds[0] ?? `"${change.groupNames[0]?.name}"`;

    expect(change.reason).toMatch(new RegExp(`^${name}\\b`));
    expect(change.reason).toContain(subject);
    expect(change.reason).toContain(`by ${change.actor.arn}`);
  });
});
