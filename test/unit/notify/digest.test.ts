import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  UNKNOWN_TIER,
} from '../../../shared/notify/digest.ts';
import { ACCOUNT, finding, GROUP, REGION } from './fixtures.ts';

describe('buildDigest', () => {
  const findings = [
    finding(),
    finding({ ruleId: 'sgr-2', severity: 'medium', region: 'us-east-1' }),
    finding({ kind: 'unbound-group', severity: 'low', profile: undefined,
      account: '210987654321' }),
    finding({ kind: 'attachment-missing-profile', profile: 'prod-network',
      networkInterfaceId: 'eni-2' }),
    finding({ kind: 'attachment-missing-profile', profile: 'prod-network',
      networkInterfaceId: 'eni-1' }),
    finding({ kind: 'attachment-missing-profile', profile: 'broker',
      networkInterfaceId: 'eni-3' }),
  ];
  const digest = buildDigest(findings, {
    sweepId: 'sweep-1', dryRun: false, at: new Date('2026-03-01T00:00:00Z'),
    scanned: [{ account: '123456789012', region: 'eu-west-1' }],
    tiers: ['prod-network', 'staging-network'],
    budgetTripped: ['123456789012', '123456789012'],
  });

  it('counts findings by severity, kind, profile, account and region', () => {
    expect(digest.total).toBe(6);
    expect(digest.severity).toBe('critical');
    expect(digest.counts.byKind).toEqual({ 'denied-rule': 2,
      'unbound-group': 1, 'attachment-missing-profile': 3 });
    expect(digest.counts.byProfile).toEqual({ 'prod-network': 4,
      broker: 1 });
    expect(digest.counts.byAccount).toEqual({ '123456789012': 5,
      '210987654321': 1 });
    expect(digest.counts.byRegion).toEqual({ 'eu-west-1': 5,
      'us-east-1': 1 });
  });

  it('lists the resources lacking each tier profile, tiers only', () => {
    expect(digest.lacking).toEqual([
      { profile: 'prod-network', count: 2, resources: ['eni-1', 'eni-2'] },
      { profile: 'staging-network', count: 0, resources: [] },
      { profile: UNKNOWN_TIER, count: 1, resources: [GROUP] },
    ]);
  });

  it('puts an unbound group under the tier its interfaces call for',
    () => {
      const inventory = {
        groups: [{ account: ACCOUNT, region: REGION, groupId: 'sg-debug',
          groupName: 'debug', rules: 0, interfaces: ['eni-9'] }],
        interfaces: [{ account: ACCOUNT, region: REGION,
          networkInterfaceId: 'eni-9', groupIds: ['sg-debug'],
          wants: ['staging-network'] }],
      };
      const unbound = finding({ kind: 'unbound-group', severity: 'low',
        groupId: 'sg-debug', profile: undefined });

      const own = buildDigest([unbound], { sweepId: 's', dryRun: false,
        scanned: [], tiers: ['prod-network', 'staging-network'],
        inventory });

      expect(own.lacking).toEqual([
        { profile: 'prod-network', count: 0, resources: [] },
        { profile: 'staging-network', count: 1, resources: ['sg-debug'] },
      ]);
    });

  it('counts the writes by what became of them', () => {
    const own = buildDigest([], { sweepId: 's', dryRun: false, scanned: [],
      writes: { done: 2, failed: 1 } });

    expect(own.writes).toEqual({ done: 2, failed: 1 });
  });

  it('names each account whose budget tripped once', () => {
    expect(digest.budgetTripped).toEqual(['123456789012']);
  });
});
