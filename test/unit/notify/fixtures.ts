// A decision on one group, as the on-change function would hand it over:
// a public SSH rule rolled back, and an unapproved rule alerted.
import type { Finding } from '../../../shared/engine/types.ts';
import type { GroupDecision } from '../../../shared/notify/model.ts';
import type { AuditEntry } from '../../../shared/store/types.ts';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const GROUP = 'sg-0123456789abcdef0';
export const AUDIT_ID = '2026-03-01T12:00:01.000Z#a1b2c3d4e5f6';

/** A finding on the group; `extra` overrides. */
export function finding(extra: Partial<Finding> = {}): Finding {
  return {
    kind: 'denied-rule',
    severity: 'critical',
    account: ACCOUNT,
    region: REGION,
    groupId: GROUP,
    groupName: 'payments-api',
    vpcId: 'vpc-0abc',
    direction: 'ingress',
    ruleId: 'sgr-0aaa',
    rule: { protocol: 'tcp', ports: '22', peer: '0.0.0.0/0' },
    profile: 'prod-network',
    policyRule: 'no-public-ingress',
    intentVersion: 'b-42',
    action: 'rollback',
    message: 'ingress tcp 22 from 0.0.0.0/0 matches deny no-public-ingress',
    ...extra,
  };
}

/** The audit entry of the rollback; `extra` overrides. */
export function entry(extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: AUDIT_ID,
    at: '2026-03-01T12:00:01.000Z',
    account: ACCOUNT,
    region: REGION,
    groupId: GROUP,
    action: 'revoke-rules',
    reason: { trigger: 'event', findings: [] },
    intentVersion: 'b-42',
    before: {},
    intent: 'revoke sgr-0aaa',
    status: 'done',
    outcome: { status: 'done', done: ['sgr-0aaa'], failed: [] },
    dryRun: false,
    ...extra,
  };
}

/** The decision; `extra` overrides. */
export function decision(extra: Partial<GroupDecision> = {}): GroupDecision {
  return {
    group: { groupId: GROUP, groupName: 'payments-api', account: ACCOUNT,
      region: REGION, vpcId: 'vpc-0abc' },
    trigger: 'event',
    change: {
      eventId: 'e1d2c3b4-0000-4000-8000-000000000001',
      eventName: 'AuthorizeSecurityGroupIngress',
      eventTime: '2026-03-01T11:59:58Z',
      actor: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice`,
        sessionIssuer: `arn:aws:iam::${ACCOUNT}:role/Developer`,
        sourceIPAddress: '203.0.113.7',
      },
      reason: 'AuthorizeSecurityGroupIngress on sg-0123456789abcdef0 by ' +
        'assumed-role/Developer/alice',
    },
    findings: [
      finding({ kind: 'unapproved-rule', severity: 'medium', ruleId: 'sgr-0bbb',
        rule: { protocol: 'tcp', ports: '8080', peer: '10.9.0.0/16' },
        profile: undefined, policyRule: undefined, action: 'alert',
        message: 'ingress tcp 8080 from 10.9.0.0/16 is not approved' }),
      finding(),
    ],
    dryRun: false,
    entries: [entry()],
    at: new Date('2026-03-01T12:00:02.000Z'),
    ...extra,
  };
}
