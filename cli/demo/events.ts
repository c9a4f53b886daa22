// CloudTrail events (as EventBridge delivers them) for calls made on the
// emulator, which records no trail: what AWS would have recorded.
import { randomUUID } from 'node:crypto';

/** Where a call was made. */
export interface Place {
  account: string;
  region: string;
}

/** An IAM user's identity, as CloudTrail records it. */
export function iamUser(account: string, name: string) {
  return {
    type: 'IAMUser', principalId: `AIDA${name.toUpperCase()}`,
    arn: `arn:aws:iam::${account}:user/${name}`, accountId: account,
    userName: name,
  };
}

/** A session of a role, as CloudTrail records it. */
export function roleSession(account: string, name: string) {
  const arn = `arn:aws:iam::${account}:role/${name}`;
  return {
    type: 'AssumedRole', principalId: `AROA${name.toUpperCase()}:driftguard`,
    arn: `arn:aws:sts::${account}:assumed-role/${name}/driftguard`,
    accountId: account,
    sessionContext: { sessionIssuer: { type: 'Role', arn,
      principalId: `AROA${name.toUpperCase()}`, accountId: account,
      userName: name } },
  };
}

/** The EventBridge event of one successful call. */
export function cloudTrailEvent(
  place: Place,
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
    account: place.account, time, region: place.region, resources: [],
    detail: {
      eventVersion: '1.10',
      userIdentity: options.identity ?? iamUser(place.account, 'maya'),
      eventTime: time, eventSource: 'ec2.amazonaws.com', eventName,
      awsRegion: place.region, sourceIPAddress: '198.51.100.24',
      userAgent: 'aws-cli/2.22.4', requestParameters,
      responseElements: options.responseElements ?? { _return: true },
      requestID: randomUUID(), eventID: eventId, readOnly: false,
      eventType: 'AwsApiCall', managementEvent: true,
      recipientAccountId: place.account, eventCategory: 'Management',
    },
  };
}

/** One ingress permission to a CIDR, as CloudTrail records it. */
export function ingressParameters(
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
