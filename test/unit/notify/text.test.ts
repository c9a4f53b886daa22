import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/events/types.ts';
import { buildNotification } from '../../../shared/notify/build.ts';
import { MAX_SUBJECT, subjectOf } from '../../../shared/notify/sns.ts';
import {
  actorName,
  findingKey,
} from '../../../shared/notify/text.ts';
import { decision, finding } from './fixtures.ts';

describe('actorName', () => {
  it.each<[string, Actor, string]>([
    ['an assumed role', { type: 'AssumedRole',
      arn: 'arn:aws:sts::1:assumed-role/Dev/alice' }, 'assumed-role/Dev/alice'],
    ['a user', { type: 'IAMUser', arn: 'arn:aws:iam::1:user/bob' },
      'user/bob'],
    ['root', { type: 'Root', arn: 'arn:aws:iam::1:root' }, 'root'],
    ['a service', { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      'ec2.amazonaws.com'],
    ['an identity without an ARN', { type: 'Unknown' }, 'Unknown'],
  ])('names %s briefly', (_, actor, name) => {
    expect(actorName(actor)).toBe(name);
  });
});

describe('findingKey', () => {
  it('names a rule finding by kind, rule id and profile rule', () => {
    expect(findingKey(finding()))
      .toBe('denied-rule#sgr-0aaa#prod-network/no-public-ingress');
  });

  it('names a finding without a rule id by its rule', () => {
    const missing = finding({ kind: 'missing-required-rule',
      ruleId: undefined, policyRule: 'kafka-in' });

    expect(findingKey(missing)).toBe('missing-required-rule#ingress tcp 22 ' +
      'from 0.0.0.0/0#prod-network/kafka-in');
  });

  it('tells apart findings on different interfaces', () => {
    const a = finding({ kind: 'foreign-group-attached', ruleId: undefined,
      rule: undefined, networkInterfaceId: 'eni-1' });
    const b = { ...a, networkInterfaceId: 'eni-2' };

    expect(findingKey(a)).not.toBe(findingKey(b));
  });
});

describe('subjectOf', () => {
  it('says severity, group, place, findings and what was done', () => {
    expect(subjectOf(buildNotification(decision()))).toBe(
      '[CRITICAL] sg-0123456789abcdef0 (payments-api) 123456789012 ' +
      'eu-west-1: 2 findings, rolled back');
  });

  it('stays one line of at most 100 ASCII characters, whatever the name',
    () => {
      fc.assert(fc.property(fc.string({ maxLength: 300 }), (name) => {
        const n = buildNotification(decision({
          group: { ...decision().group, groupName: name },
        }));
        const subject = subjectOf(n);

        expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT);
        expect(subject).toMatch(/^[\x20-\x7e]*$/);
      }));
    });
});
