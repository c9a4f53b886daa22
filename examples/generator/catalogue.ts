import type { VpcKey } from './network.ts';
import { PREFIX_LISTS } from './network.ts';
import type { Expectation, RuleSpec } from './rules.ts';
import { cidr, inbound, outbound, pl, SELF, sg } from './rules.ts';

/** One security group as written by hand, before ids are given out. */
export interface GroupSpec {
  name: string;
  vpc: VpcKey;
  description: string;
  /** The value of the driftguard:profiles tag; absent for unbound groups. */
  binding?: string;
  /** The team tag; a group with neither binding nor team has no tags. */
  team?: string;
  rules: RuleSpec[];
  /** Findings on the group as a whole (not on one of its rules). */
  expect?: Expectation[];
}

export const PROD_VPC = '10.10.0.0/16';
export const STAGING_VPC = '10.20.0.0/16';

/** Rules every prod host carries; prod-network approves each of them. */
export function prodHost(): RuleSpec[] {
  return [
    inbound('tcp 22', cidr('10.50.250.0/28'), 'SSH from the bastions'),
    inbound('tcp 9100', cidr('10.50.8.0/24'), 'node_exporter scrapes'),
    inbound('icmp 8', cidr('10.50.8.0/24'), 'Blackbox ping probes'),
    inbound('icmp 3/4', cidr(PROD_VPC), 'Fragmentation needed (PMTUD)'),
    outbound('udp 53', cidr('10.10.0.2/32'), 'VPC resolver'),
    outbound('udp 123', cidr('169.254.169.123/32'), 'Amazon Time Sync'),
    outbound('tcp 443', pl(PREFIX_LISTS.s3), 'S3 gateway endpoint'),
  ];
}

/** Rules every staging host carries; staging-network approves them. */
export function stagingHost(): RuleSpec[] {
  return [
    inbound('tcp 22', cidr('10.200.16.0/20'), 'SSH from the VPN pool'),
    inbound('tcp 22', cidr('10.200.64.0/22'), 'SSH from the dev office'),
    inbound('icmp', cidr('10.200.0.0/16'), 'Ping and traceroute'),
    outbound('tcp 443', cidr('0.0.0.0/0'), 'HTTPS out'),
    outbound('udp 53', cidr('10.20.0.2/32'), 'VPC resolver'),
  ];
}

/** One rule per member of the control-plane CIDR set. */
export function controlPlane(): RuleSpec[] {
  return [
    outbound('tcp 443', cidr('203.0.113.0/24'), 'Vendor control plane API'),
    outbound('tcp 443', cidr('198.51.100.64/26'), 'Vendor telemetry intake'),
    outbound('tcp 443', cidr('2001:db8:c0::/56'), 'Vendor IPv6 edge'),
  ];
}

/** Broker-to-broker replication through the group's own id. */
export function brokerMesh(): RuleSpec[] {
  return [
    inbound('tcp 9092-9093', sg(SELF), 'Replication between brokers'),
    outbound('tcp 9092-9093', sg(SELF), 'Replication between brokers'),
  ];
}

export const kafkaFrom = (client: string): RuleSpec =>
  inbound('tcp 9092-9093', sg(client), `Kafka from ${client}`);

export const kafkaTo = (broker: string): RuleSpec =>
  outbound('tcp 9092-9093', sg(broker), `Kafka to ${broker}`);

/** A VPC's default group as EC2 creates it: itself in, everything out. */
export function defaultGroup(vpc: VpcKey): GroupSpec {
  return {
    name: 'default',
    vpc,
    description: 'default VPC security group',
    rules: [inbound('all', sg(SELF)), outbound('all', cidr('0.0.0.0/0'))],
  };
}
