// CloudTrail events (as EventBridge delivers them) for calls the tests
// made on the emulator: moto records no trail, so the tests say what AWS
// would have recorded for each call.
import { randomUUID } from 'node:crypto';
import { DEFAULT_ACCOUNT, TEST_REGION } from './emulator/aws.ts';

/** Who made a call: a person, or a role's session. */
export function user(name: string) {
  return {
    type: 'IAMUser', principalId: `AIDA${name.toUpperCase()}`,
    arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/${name}`,
    accountId: DEFAULT_ACCOUNT, userName: name,
  };
}

/** A session of a role, e.g. driftguard's own member role. */
export function role(name: string) {
  const arn = `arn:aws:iam::${DEFAULT_ACCOUNT}:role/${name}`;
  return {
    type: 'AssumedRole', principalId: `AROA${name.toUpperCase()}:driftguard`,
    arn: `arn:aws:sts::${DEFAULT_ACCOUNT}:assumed-role/${name}/driftguard`,
    accountId: DEFAULT_ACCOUNT,
    sessionContext: { sessionIssuer: { type: 'Role', arn,
      principalId: `AROA${name.toUpperCase()}`, accountId: DEFAULT_ACCOUNT,
      userName: name } },
  };
}

/** The EventBridge event of one successful call. */
export function trail(
  eventName: string,
  requestParameters: object,
  options: { identity?: object; responseElements?: object | null;
    eventId?: string } = {},
) {
  const eventId = options.eventId ?? randomUUID();
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    version: '0', id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2',
    account: DEFAULT_ACCOUNT, time, region: TEST_REGION, resources: [],
    detail: {
      eventVersion: '1.10', userIdentity: options.identity ?? user('maya'),
      eventTime: time, eventSource: 'ec2.amazonaws.com', eventName,
      awsRegion: TEST_REGION, sourceIPAddress: '198.51.100.24',
      userAgent: 'aws-cli/2.22.4', requestParameters,
      responseElements: options.responseElements ?? { _return: true },
      requestID: randomUUID(), eventID: eventId, readOnly: false,
      eventType: 'AwsApiCall', managementEvent: true,
      recipientAccountId: DEFAULT_ACCOUNT, eventCategory: 'Management',
    },
  };
}

/** One ingress permission as CloudTrail records it. */
export function ingress(
  groupId: string,
  protocol: string,
  from: number,
  to: number,
  cidr: string,
) {
  return {
    groupId,
    ipPermissions: { items: [{ ipProtocol: protocol, fromPort: from,
      toPort: to, groups: {}, ipRanges: { items: [{ cidrIp: cidr }] },
      ipv6Ranges: {}, prefixListIds: {} }] },
  };
}
