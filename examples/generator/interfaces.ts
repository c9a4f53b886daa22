import type { NetworkInterface } from '../../shared/snapshot/types.ts';
import { groupId } from './security-groups.ts';
import { awsId, macAddress } from './ids.ts';
import type { VpcKey } from './network.ts';
import { ACCOUNT, REGION, VPCS } from './network.ts';
import type { Expectation } from './rules.ts';

/** Instances, or what AWS creates on our behalf (requester-managed). */
export type EniKind =
  | 'instance'
  | 'detached'
  | 'vpc_endpoint'
  | 'nat_gateway'
  | 'lambda';

export interface EniSpec {
  /** The Name tag of an instance's interface; seeds every id. */
  name: string;
  vpc: VpcKey;
  subnet: string;
  kind: EniKind;
  /** Group names in the same VPC. */
  groups: string[];
  /** The env tag the attachment mappings of settings.yaml look at. */
  env?: 'prod' | 'staging';
  expect?: Expectation[];
}

const REQUESTER_MANAGED = new Set<EniKind>([
  'vpc_endpoint',
  'nat_gateway',
  'lambda',
]);

/** When the instances were launched: fixed, so the output never changes. */
const LAUNCHED = new Date('2026-10-05T08:30:00Z');

function attachment(spec: EniSpec): NetworkInterface['Attachment'] {
  if (spec.kind === 'detached' || spec.kind === 'vpc_endpoint') {
    return undefined;
  }
  const instance = spec.kind === 'instance';
  return {
    AttachTime: LAUNCHED,
    AttachmentId: awsId(instance ? 'eni-attach' : 'ela-attach', spec.name),
    DeleteOnTermination: instance,
    DeviceIndex: instance ? 0 : 1,
    NetworkCardIndex: 0,
    ...(instance && { InstanceId: awsId('i', spec.name) }),
    InstanceOwnerId: instance ? ACCOUNT : 'amazon-aws',
    Status: 'attached',
  };
}

function description(spec: EniSpec): string {
  if (spec.kind === 'vpc_endpoint') {
    return `VPC Endpoint Interface ${awsId('vpce', spec.name)}`;
  }
  if (spec.kind === 'nat_gateway') {
    return `Interface for NAT Gateway ${awsId('nat', spec.name)}`;
  }
  if (spec.kind === 'lambda') {
    const suffix = awsId('x', spec.name).slice(3, 11);
    return `AWS Lambda VPC ENI-${spec.name}-${suffix}`;
  }
  return '';
}

/**
 * EC2 prints `nat_gateway`, as its API reference lists; the SDK's enum
 * still spells that one `natGateway`, hence the cast.
 */
function interfaceType(kind: EniKind) {
  const type = kind === 'detached' || kind === 'instance' ? 'interface' : kind;
  return type as NetworkInterface['InterfaceType'];
}

/** AWS tags nothing it creates; our instances carry Name and env. */
function tagSet(spec: EniSpec): NetworkInterface['TagSet'] {
  if (spec.kind !== 'instance' && spec.kind !== 'detached') return [];
  const env = spec.env ? [{ Key: 'env', Value: spec.env }] : [];
  return [{ Key: 'Name', Value: spec.name }, ...env];
}

function natAssociation(spec: EniSpec) {
  const publicIp = spec.vpc === 'prod' ? '198.51.100.20' : '198.51.100.21';
  const dashed = publicIp.replaceAll('.', '-');
  return {
    AllocationId: awsId('eipalloc', spec.name),
    AssociationId: awsId('eipassoc', spec.name),
    IpOwnerId: ACCOUNT,
    PublicDnsName: `ec2-${dashed}.${REGION}.compute.amazonaws.com`,
    PublicIp: publicIp,
  };
}

/** Hands out addresses from .10 upwards in every subnet, in list order. */
class Addresses {
  #next = new Map<string, number>();

  take(prefix: string): string {
    const host = this.#next.get(prefix) ?? 10;
    this.#next.set(prefix, host + 1);
    return `${prefix}.${host}`;
  }
}

function networkInterface(spec: EniSpec, ip: string): NetworkInterface {
  const vpc = VPCS[spec.vpc];
  const subnet = vpc.subnets[spec.subnet];
  if (!subnet) throw new Error(`${spec.name}: no subnet ${spec.subnet}`);
  const dns = `ip-${ip.replaceAll('.', '-')}.${REGION}.compute.internal`;

  return {
    ...(spec.kind === 'nat_gateway' && { Association: natAssociation(spec) }),
    ...(attachment(spec) && { Attachment: attachment(spec) }),
    AvailabilityZone: subnet.zone,
    Description: description(spec),
    Groups: spec.groups.map((name) => ({
      GroupId: groupId({ vpc: spec.vpc, name }),
      GroupName: name,
    })),
    InterfaceType: interfaceType(spec.kind),
    Ipv6Addresses: [],
    MacAddress: macAddress(spec.vpc, spec.name),
    NetworkInterfaceId: awsId('eni', spec.vpc, spec.name),
    OwnerId: ACCOUNT,
    PrivateDnsName: dns,
    PrivateIpAddress: ip,
    PrivateIpAddresses: [
      { Primary: true, PrivateDnsName: dns, PrivateIpAddress: ip },
    ],
    RequesterManaged: REQUESTER_MANAGED.has(spec.kind),
    SourceDestCheck: spec.kind !== 'nat_gateway',
    Status: spec.kind === 'detached' ? 'available' : 'in-use',
    SubnetId: subnet.id,
    TagSet: tagSet(spec),
    VpcId: vpc.id,
  };
}

/** Writes the interfaces as describe-network-interfaces prints them. */
export function buildInterfaces(specs: EniSpec[]): NetworkInterface[] {
  const addresses = new Addresses();
  return specs.map((spec) => {
    const subnet = VPCS[spec.vpc].subnets[spec.subnet];
    return networkInterface(spec, addresses.take(subnet?.prefix ?? ''));
  });
}

/** The interface id of a spec, for EXPECTED.md. */
export const interfaceId = (spec: EniSpec) =>
  awsId('eni', spec.vpc, spec.name);
