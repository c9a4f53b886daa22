import { describe, expect, it } from 'vitest';
import {
  allowsAll,
  decide,
  wildcard,
  type PolicyStatement,
} from './policy.ts';

const GROUP = 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1';
const RULE = 'arn:aws:ec2:eu-west-1:111122223333:security-group-rule/sgr-1';

const allow = (extra: Partial<PolicyStatement>): PolicyStatement => ({
  Effect: 'Allow',
  Action: 'ec2:RevokeSecurityGroupIngress',
  Resource: 'arn:aws:ec2:*:111122223333:security-group/*',
  ...extra,
});

const revoke = (context = {}) => ({
  action: 'ec2:RevokeSecurityGroupIngress', resource: GROUP, context,
});

describe('wildcard', () => {
  it.each([
    ['ec2:Describe*', 'ec2:DescribeSecurityGroups', true],
    ['ec2:Describe*', 'ec2:CreateTags', false],
    ['arn:aws:iam::*:role/x?', 'arn:aws:iam::1:role/xy', true],
    ['arn:aws:iam::*:role/x?', 'arn:aws:iam::1:role/xyz', false],
    ['a.b', 'aXb', false],
  ])('matches %s against %s: %s', (pattern, value, expected) => {
    expect(wildcard(pattern, value)).toBe(expected);
  });
});

describe('decide', () => {
  it('allows an action and resource a statement names', () => {
    expect(decide([allow({})], revoke())).toBe('allow');
  });

  it('matches actions whatever their case, and by wildcard', () => {
    const statement = allow({ Action: 'EC2:revoke*' });
    expect(decide([statement], revoke())).toBe('allow');
  });

  it('refuses what no statement names', () => {
    const other = { ...revoke(), resource: RULE };
    expect(decide([allow({})], other)).toBe('implicit');
  });

  it('lets an explicit deny beat an allow', () => {
    const deny: PolicyStatement = { ...allow({}), Effect: 'Deny' };
    expect(decide([allow({}), deny], revoke())).toBe('deny');
  });

  it('reads Null as whether a key is absent', () => {
    const tagged = allow({ Condition: {
      Null: { 'aws:ResourceTag/driftguard:profiles': 'false' } } });
    expect(decide([tagged], revoke({
      'aws:ResourceTag/driftguard:profiles': 'prod' }))).toBe('allow');
    expect(decide([tagged], revoke())).toBe('implicit');
  });

  it('needs every key of every operator to hold', () => {
    const both = allow({ Condition: {
      StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup',
        'aws:RequestTag/k': 'v' } } });
    expect(decide([both], revoke({ 'ec2:CreateAction':
      'CreateSecurityGroup', 'aws:RequestTag/k': 'v' }))).toBe('allow');
    expect(decide([both], revoke({ 'ec2:CreateAction':
      'CreateSecurityGroup' }))).toBe('implicit');
  });

  it('reads condition keys whatever their case', () => {
    const tagged = allow({ Condition: {
      StringEquals: { 'AWS:ResourceTag/k': 'v' } } });
    expect(decide([tagged], revoke({ 'aws:resourcetag/k': 'v' })))
      .toBe('allow');
  });

  it('holds ForAllValues for every value, and for none', () => {
    const only = allow({ Condition: {
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } } });
    expect(decide([only], revoke({ 'aws:TagKeys': ['a'] }))).toBe('allow');
    expect(decide([only], revoke({ 'aws:TagKeys': ['a', 'b'] })))
      .toBe('implicit');
    expect(decide([only], revoke())).toBe('allow');
  });

  it('holds ForAnyValue when one value matches, never for none', () => {
    const any = allow({ Condition: {
      'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } } });
    expect(decide([any], revoke({ 'aws:TagKeys': ['b', 'a'] })))
      .toBe('allow');
    expect(decide([any], revoke())).toBe('implicit');
  });

  it('holds a negated operator when the key is absent', () => {
    const notAdmin = allow({ Condition: {
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } } });
    expect(decide([notAdmin], revoke())).toBe('allow');
    expect(decide([notAdmin], revoke({
      'aws:PrincipalArn': 'arn:aws:iam::1:role/admin' }))).toBe('implicit');
  });

  it('throws on an operator outside its subset', () => {
    const numeric = allow({ Condition: {
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } });
    expect(() => decide([numeric], revoke())).toThrow(/NumericLessThan/);
  });

  it('throws on NotAction rather than misreading it', () => {
    const broad = allow({ Action: undefined, NotAction: 'iam:*' });
    expect(() => decide([broad], revoke())).toThrow(/NotAction/);
  });
});

describe('allowsAll', () => {
  it('allows a call only when each resource it names is allowed', () => {
    const group = allow({});
    const rule = { ...revoke(), resource: RULE };
    expect(allowsAll([group], [revoke(), rule])).toBe(false);
    const both = allow({ Resource: [GROUP, RULE] });
    expect(allowsAll([both], [revoke(), rule])).toBe(true);
  });

  it('allows nothing for a call that names no resource', () => {
    expect(allowsAll([allow({})], [])).toBe(false);
  });
});
