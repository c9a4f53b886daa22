import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/events/index.ts';
import { fixture, OPTIONS, withDetail } from './helpers.ts';

const INGRESS = 'AuthorizeSecurityGroupIngress';

function base() {
  return fixture(INGRESS, 'ip-permissions');
}

describe('parseEvent: what it ignores', () => {
  it.each([
    ['another detail-type', { 'detail-type': 'EC2 Instance State-change ' +
      'Notification', detail: { state: 'running' } }, /"EC2 Instance State/],
    ['another source', { source: 'aws.s3' }, /events from aws.s3 are not/],
    ['another eventSource', { detail: { ...base().detail,
      eventSource: 's3.amazonaws.com' } }, /from s3.amazonaws.com is not/],
    ['a name it does not handle', { detail: { ...base().detail,
      eventName: 'DescribeSecurityGroupRules' } }, /not an event driftguard/],
    ['a name found on every object', { detail: { ...base().detail,
      eventName: 'constructor' } }, /constructor is not an event/],
  ])('ignores %s', (_, override, reason) => {
    const result = parseEvent({ ...base(), ...override }, OPTIONS);

    expect(result).toMatchObject({ decision: 'ignore', reason });
  });

  it.each([
    ['Client.DryRunOperation', /was a dry run/],
    ['Client.UnauthorizedOperation', /failed with Client.Unauthorized/],
    ['Client.InvalidPermission.Duplicate', /failed with Client.InvalidPerm/],
    ['Server.InternalError', /failed with Server.InternalError/],
    [{ odd: true }, /failed with an object/],
  ])('ignores a call that failed with %j', (errorCode, reason) => {
    const event = withDetail(INGRESS, 'ip-permissions', (detail) => {
      detail.errorCode = errorCode;
      detail.requestParameters = 'whatever a failed call recorded';
    });
    const result = parseEvent(event, OPTIONS);

    expect(result).toMatchObject({ decision: 'ignore', reason,
      eventId: event.detail.eventID, eventName: INGRESS });
  });

  it('evaluates a call whose errorCode is null', () => {
    const event = withDetail(INGRESS, 'ip-permissions', (detail) => {
      detail.errorCode = null;
    });

    expect(parseEvent(event, OPTIONS).decision).toBe('evaluate');
  });
});

describe('parseEvent: driftguard\'s own roles', () => {
  const own = fixture(INGRESS, 'own-role');
  const arn = 'arn:aws:iam::111122223333:role/driftguard/' +
    'driftguard-remediation';

  it.each([
    ['its name', 'driftguard-remediation'],
    ['its full ARN', arn],
    ['its ARN without the path', 'arn:aws:iam::111122223333:role/' +
      'driftguard-remediation'],
    ['its path and name', 'driftguard/driftguard-remediation'],
    ['its path and name with slashes', '/driftguard/driftguard-remediation'],
  ])('ignores the role named by %s', (_, entry) => {
    const result = parseEvent(own, { ownRoles: ['someone-else', entry] });

    expect(result).toMatchObject({ decision: 'ignore',
      reason: `${INGRESS} was made by driftguard's own role ${arn}` });
  });

  it.each([
    ['another name', 'driftguard'],
    ['a name of another case', 'Driftguard-Remediation'],
    ['another account\'s ARN', 'arn:aws:iam::444455556666:role/' +
      'driftguard/driftguard-remediation'],
    ['another partition\'s ARN', 'arn:aws-cn:iam::111122223333:role/' +
      'driftguard-remediation'],
    ['another path', 'ops/driftguard-remediation'],
    ['a user ARN', 'arn:aws:iam::111122223333:user/driftguard-remediation'],
    ['an empty entry', ''],
  ])('evaluates a change when the option names %s', (_, entry) => {
    const result = parseEvent(own, { ownRoles: [entry] });

    expect(result.decision).toBe('evaluate');
  });

  it('evaluates a role of the named name in another account', () => {
    const event = withDetail(INGRESS, 'own-role', (detail) => {
      detail.userIdentity.sessionContext.sessionIssuer.arn =
        'arn:aws:iam::444455556666:role/driftguard/driftguard-remediation';
    });
    const result = parseEvent(event, OPTIONS);

    expect(result.decision).toBe('evaluate');
  });

  describe('as a deployment names them', () => {
    // The functions' roles by ARN in the tooling account, the member role
    // by name (see scripts/deploy/environment.ts).
    const onChange = 'role/driftguard/driftguard-prod-eu-west-1-on-change';
    const options = { ownRoles: [`arn:aws:iam::999988887777:${onChange}`,
      'driftguard-member'] };
    const by = (issuer: string) => withDetail(INGRESS, 'own-role',
      (detail) => {
        detail.userIdentity.sessionContext.sessionIssuer.arn = issuer;
      });

    it.each([
      ['a function\'s role in the tooling account',
        `arn:aws:iam::999988887777:${onChange}`],
      ['the member role of the account changed',
        'arn:aws:iam::111122223333:role/driftguard-member'],
    ])('ignores a change by %s', (_, issuer) => {
      const result = parseEvent(by(issuer), options);

      expect(result).toMatchObject({ decision: 'ignore',
        reason: `${INGRESS} was made by driftguard's own role ${issuer}` });
    });

    it.each([
      ['a role named as a function\'s in the member account',
        `arn:aws:iam::111122223333:${onChange}`],
      ['the member role of another account',
        'arn:aws:iam::444455556666:role/driftguard-member'],
    ])('evaluates a change by %s', (_, issuer) => {
      expect(parseEvent(by(issuer), options).decision).toBe('evaluate');
    });
  });

  it('does not take the caller\'s own ARN for the session issuer', () => {
    const event = withDetail(INGRESS, 'own-role', (detail) => {
      delete detail.userIdentity.sessionContext;
    });

    expect(parseEvent(event, OPTIONS).decision).toBe('evaluate');
  });

  it('skips option entries that are not strings', () => {
    const options = { ownRoles: [null, 7, 'driftguard-remediation'] };
    const result = parseEvent(own, options as never);

    expect(result.decision).toBe('ignore');
  });
});

describe('parseEvent: what it rejects', () => {
  it.each([
    ['null', null],
    ['a string', 'AuthorizeSecurityGroupIngress'],
    ['an array', [base()]],
    ['a number', 42],
  ])('rejects %s', (_, event) => {
    const result = parseEvent(event, OPTIONS);

    expect(result).toEqual({ decision: 'invalid', problems: [
      { path: '$', message: expect.stringMatching(/^expected an EventB/) },
    ] });
  });

  it.each([
    ['no detail', (e: any) => { delete e.detail; }, '$.detail'],
    ['a detail that is a string', (e: any) => { e.detail = 'x'; },
      '$.detail'],
    ['no eventName', (e: any) => { delete e.detail.eventName; },
      '$.detail.eventName'],
    ['an eventName that is a number', (e: any) => {
      e.detail.eventName = 7; }, '$.detail.eventName'],
    ['no detail-type', (e: any) => { delete e['detail-type']; },
      '$["detail-type"]'],
    ['no source', (e: any) => { delete e.source; }, '$.source'],
    ['no userIdentity', (e: any) => { delete e.detail.userIdentity; },
      '$.detail.userIdentity'],
    ['an account of 9 digits, and none from EventBridge', (e: any) => {
      e.detail.recipientAccountId = '123456789'; delete e.account; },
    '$.detail.recipientAccountId'],
    ['no account anywhere', (e: any) => {
      delete e.detail.recipientAccountId; delete e.account; }, '$.account'],
    ['a time that is not RFC 3339', (e: any) => {
      e.detail.eventTime = 'yesterday'; }, '$.detail.eventTime'],
    ['no group', (e: any) => {
      delete e.detail.requestParameters.groupId; },
    '$.detail.requestParameters.groupId'],
    ['a group id without sg-', (e: any) => {
      e.detail.requestParameters.groupId = 'web'; },
    '$.detail.requestParameters.groupId'],
    ['a port that is an odd string', (e: any) => {
      e.detail.requestParameters.ipPermissions.items[0].fromPort = '22x'; },
    '$.detail.requestParameters.ipPermissions.items[0].fromPort'],
    ['a port out of range', (e: any) => {
      e.detail.requestParameters.ipPermissions.items[0].toPort = 70000; },
    '$.detail.requestParameters.ipPermissions.items[0].toPort'],
    ['an unknown protocol', (e: any) => {
      e.detail.requestParameters.ipPermissions.items[0].ipProtocol = 'gre'; },
    '$.detail.requestParameters.ipPermissions.items[0].ipProtocol'],
    ['items that are not a list', (e: any) => {
      e.detail.requestParameters.ipPermissions.items = { cidrIp: 'x' }; },
    '$.detail.requestParameters.ipPermissions.items'],
    ['a response that is a number', (e: any) => {
      e.detail.responseElements = 5; }, '$.detail.responseElements'],
  ])('rejects an event with %s, saying where', (_, spoil, path) => {
    const event = base();
    spoil(event);
    const result = parseEvent(event, OPTIONS);

    expect(result.decision).toBe('invalid');
    if (result.decision !== 'invalid') return;
    expect(result.problems.map((p) => p.path)).toContain(path);
    expect(result.eventId).toBe(event.detail?.eventID ?? event.id);
  });

  it.each([
    ['masked to 9 digits', '123456789'],
    ['masked with letters', '0123456789ab'],
  ])('takes EventBridge\'s account when CloudTrail\'s is %s', (_, masked) => {
    const event = base();
    event.detail.recipientAccountId = masked;
    const result = parseEvent(event, OPTIONS);

    expect(result).toMatchObject({ decision: 'evaluate',
      change: { account: event.account } });
  });

  it('reports every problem of an event at once', () => {
    const event = base();
    event.detail.recipientAccountId = 'nobody';
    delete event.account;
    event.detail.requestParameters = { ipPermissions: { items: [
      { ipProtocol: 'tcp', fromPort: 'low', toPort: 'high' },
    ] } };
    const result = parseEvent(event, OPTIONS);

    expect(result).toMatchObject({ decision: 'invalid', problems: [
      { path: '$.detail.recipientAccountId',
        message: 'expected a 12-digit account id, got the string "nobody"' },
      { path: '$.detail.requestParameters.ipPermissions.items[0].fromPort',
        message: 'expected a port from -1 to 65535, got the string "low"' },
      { path: '$.detail.requestParameters.ipPermissions.items[0].toPort',
        message: 'expected a port from -1 to 65535, got the string "high"' },
      { path: '$.detail.requestParameters.groupId',
        message: 'names no security group: expected groupId or groupName' },
    ] });
  });

  it.each([
    ['CloudTrail\'s eventID', (e: any) => e, (e: any) => e.detail.eventID],
    ['EventBridge\'s id without an eventID',
      (e: any) => { delete e.detail.eventID; return e; }, (e: any) => e.id],
    ['EventBridge\'s id without a detail',
      (e: any) => { delete e.detail; return e; }, (e: any) => e.id],
  ])('reports %s of a rejected event', (_, prepare, idOf) => {
    const event = prepare(base());
    if (event.detail) event.detail.requestParameters = null;
    const result = parseEvent(event, OPTIONS);

    expect(result).toMatchObject({ decision: 'invalid', eventId: idOf(event) });
  });

  it('needs the new group\'s id in a CreateSecurityGroup response', () => {
    const event = withDetail('CreateSecurityGroup', 'vpc', (detail) => {
      detail.responseElements = { _return: true };
    });

    expect(parseEvent(event, OPTIONS)).toMatchObject({ problems: [
      { path: '$.detail.responseElements.groupId' },
    ] });
  });

  it('needs a resource in a CreateTags request', () => {
    const event = withDetail('CreateTags', 'security-group', (detail) => {
      detail.requestParameters.resourcesSet = {};
    });

    expect(parseEvent(event, OPTIONS)).toMatchObject({ problems: [
      { path: '$.detail.requestParameters.resourcesSet',
        message: 'names no resource' },
    ] });
  });

  it('needs something launched in a RunInstances event', () => {
    const event = withDetail('RunInstances', 'group-set', (detail) => {
      delete detail.requestParameters.groupSet;
      detail.responseElements = null;
    });

    expect(parseEvent(event, OPTIONS)).toMatchObject({ problems: [
      { path: '$.detail.responseElements.instancesSet' },
    ] });
  });

  it('reports a value that throws when read, instead of throwing', () => {
    const event = base();
    Object.defineProperty(event.detail, 'requestParameters', {
      get() { throw new Error('no access'); },
      enumerable: true,
    });
    const result = parseEvent(event, OPTIONS);

    expect(result).toEqual({ decision: 'invalid',
      eventId: event.detail.eventID,
      problems: [{ path: '$', message: 'unreadable: no access' }] });
  });
});

describe('parseEvent: options', () => {
  it.each([
    ['no own roles', { ownRoles: [] }],
    ['own roles that are not a list', { ownRoles: 'driftguard' }],
    ['no options at all', undefined],
  ])('evaluates every change given %s', (_, options) => {
    const own = fixture(INGRESS, 'own-role');

    expect(parseEvent(own, options as never).decision).toBe('evaluate');
  });
});
