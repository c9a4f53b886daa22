// CloudTrail events for calls the tests made on the emulator, in the
// emulator's default account and the tests' region.
import {
  cloudTrailEvent,
  iamUser,
  ingressParameters,
  roleSession,
} from '../../cli/demo/events.ts';
import { DEFAULT_ACCOUNT, TEST_REGION } from './emulator/aws.ts';

const place = { account: DEFAULT_ACCOUNT, region: TEST_REGION };

/** Who made a call: a person. */
export const user = (name: string) => iamUser(DEFAULT_ACCOUNT, name);

/** A session of a role, e.g. driftguard's own member role. */
export const role = (name: string) => roleSession(DEFAULT_ACCOUNT, name);

/** The EventBridge event of one successful call. */
export const trail = (
  eventName: string,
  requestParameters: object,
  options: Parameters<typeof cloudTrailEvent>[3] = {},
) => cloudTrailEvent(place, eventName, requestParameters, options);

/** One ingress permission as CloudTrail records it. */
export const ingress = ingressParameters;
