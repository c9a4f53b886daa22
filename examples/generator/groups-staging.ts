import type { GroupSpec } from './catalogue.ts';
import {
  brokerMesh,
  controlPlane,
  defaultGroup,
  kafkaFrom,
  kafkaTo,
  STAGING_VPC,
  stagingHost,
} from './catalogue.ts';
import { PREFIX_LISTS } from './network.ts';
import { cidr, drift, inbound, outbound, pl } from './rules.ts';

const OFFICE_GATEWAYS = ['192.0.2.10/32', '192.0.2.11/32'];

/** Staging groups whose rules are exactly what their profiles allow. */
export const STAGING_CLEAN: GroupSpec[] = [
  defaultGroup('staging'),
  {
    name: 'staging-orders-brokers',
    vpc: 'staging',
    description: 'Kafka brokers of the staging orders cluster',
    binding: 'staging-network, broker',
    team: 'streaming-platform',
    rules: [
      ...stagingHost(),
      kafkaFrom('staging-orders-client'),
      kafkaFrom('staging-api-client'),
      ...brokerMesh(),
    ],
  },
  {
    name: 'staging-orders-client',
    vpc: 'staging',
    description: 'Orders API (staging)',
    binding: 'staging-network, client',
    team: 'orders',
    rules: [
      ...stagingHost(),
      inbound('tcp 8080', cidr('10.200.16.0/20'), 'Debug port'),
      kafkaTo('staging-orders-brokers'),
    ],
  },
  {
    // The control-plane rules are approved twice over: by the agent allow,
    // and by staging-https-anywhere.
    name: 'staging-vendor-agent',
    vpc: 'staging',
    description: 'Vendor agent (staging)',
    binding: 'staging-network, agent',
    team: 'sre',
    rules: [...stagingHost(), ...controlPlane()],
  },
  {
    name: 'staging-vpn',
    vpc: 'staging',
    description: 'Site-to-site VPN appliance for the offices',
    binding: 'staging-network',
    team: 'network-engineering',
    rules: [
      ...OFFICE_GATEWAYS.flatMap((gateway) => [
        inbound('udp 500', cidr(gateway), 'IKE'),
        inbound('udp 4500', cidr(gateway), 'IPsec NAT-T'),
        inbound('50', cidr(gateway), 'IPsec ESP'),
      ]),
      inbound('tcp 22', cidr('10.200.16.0/20'), 'SSH from the VPN pool'),
      outbound('all', cidr(STAGING_VPC), 'Decapsulated traffic'),
    ],
  },
  {
    name: 'staging-payments-brokers',
    vpc: 'staging',
    description: 'Kafka brokers of the payments test cluster (PCI scope)',
    binding: 'staging-network, broker, pci',
    team: 'payments',
    rules: [
      ...stagingHost(),
      kafkaFrom('staging-payments-client'),
      ...brokerMesh(),
    ],
  },
  {
    name: 'staging-payments-client',
    vpc: 'staging',
    description: 'Payment processors (staging, PCI scope)',
    binding: 'staging-network, client, pci',
    team: 'payments',
    rules: [...stagingHost(), kafkaTo('staging-payments-brokers')],
  },
  {
    name: 'staging-claims-client',
    vpc: 'staging',
    description: 'Claims intake (staging, HIPAA scope)',
    binding: 'staging-network, client, hipaa',
    team: 'claims',
    rules: [...stagingHost(), kafkaTo('staging-claims-brokers')],
  },
  {
    name: 'staging-api-client',
    vpc: 'staging',
    description: 'Public API backend (staging)',
    binding: 'staging-network, client',
    team: 'api',
    rules: [
      ...stagingHost(),
      inbound('tcp 443', cidr(STAGING_VPC), 'From the internal ALB'),
      outbound('tcp 443', cidr('::/0'), 'HTTPS out over IPv6'),
      outbound('tcp 443', pl(PREFIX_LISTS.s3), 'S3 gateway endpoint'),
      outbound('tcp 443', pl(PREFIX_LISTS.dynamodb), 'DynamoDB endpoint'),
      kafkaTo('staging-orders-brokers'),
    ],
  },
];

/** Staging groups that drifted; comments name the findings they produce. */
export const STAGING_DRIFTED: GroupSpec[] = [
  // denied-rule (SSH from 0.0.0.0/0) and unapproved-rule without
  // defaultDeny (Kibana on 5601 from the VPN pool).
  {
    name: 'staging-search-client',
    vpc: 'staging',
    description: 'Search indexers (staging)',
    binding: 'staging-network, client',
    team: 'search',
    rules: [
      ...stagingHost(),
      kafkaTo('staging-orders-brokers'),
      drift(inbound('tcp 22', cidr('0.0.0.0/0')), {
        kind: 'denied-rule',
        policyRules: ['staging-no-public-ssh'],
        why: 'SSH open to the internet',
      }),
      drift(inbound('tcp 5601', cidr('10.200.16.0/20'), 'Kibana'), {
        kind: 'unapproved-rule',
        why: '5601 is outside the 8000-8999 debug range',
      }),
    ],
  },
  // denied-rule: all traffic to the staging VPC is approved by
  // staging-all-to-vpc, but it overlaps pci's clear-text denies, and a deny
  // wins wherever it overlaps.
  {
    name: 'staging-card-sim-client',
    vpc: 'staging',
    description: 'Card network simulator (staging, PCI scope)',
    binding: 'staging-network, client, pci',
    team: 'payments',
    rules: [
      ...stagingHost(),
      kafkaTo('staging-payments-brokers'),
      drift(outbound('all', cidr(STAGING_VPC), 'Anything in the VPC'), {
        kind: 'denied-rule',
        policyRules: ['pci-no-ftp', 'pci-no-telnet', 'pci-no-http'],
        why: 'all protocols overlap tcp 21, 23 and 80 (pci)',
      }),
    ],
  },
  // denied-rule: LDAP (clear text) from a HIPAA broker.
  {
    name: 'staging-claims-brokers',
    vpc: 'staging',
    description: 'Kafka brokers for claims (staging, HIPAA scope)',
    binding: 'staging-network, broker, hipaa',
    team: 'claims',
    rules: [
      ...stagingHost(),
      kafkaFrom('staging-claims-client'),
      ...brokerMesh(),
      drift(outbound('tcp 389', cidr('10.20.30.10/32'), 'SASL via LDAP'), {
        kind: 'denied-rule',
        policyRules: ['hipaa-no-ldap'],
        why: 'LDAP is clear text; staging-all-to-vpc allows it, the deny wins',
      }),
    ],
  },
  // unbound-group: tagged by its owner, but without a binding.
  {
    name: 'staging-debug-temp',
    vpc: 'staging',
    description: 'Temporary debugging access',
    team: 'search',
    rules: [inbound('tcp 9200', cidr('10.200.16.0/20'), 'Elasticsearch')],
    expect: [
      {
        kind: 'unbound-group',
        why: 'no driftguard:profiles tag, in a governed VPC',
      },
    ],
  },
];

/**
 * The default VPC, used as a sandbox. settings.yaml scopes the unbound-group
 * check to the prod and staging VPCs, so nothing here is a finding.
 */
export const SANDBOX: GroupSpec[] = [
  defaultGroup('sandbox'),
  {
    name: 'launch-wizard-2',
    vpc: 'sandbox',
    description: 'launch-wizard-2 created 2026-11-02T16:05:47.502Z',
    rules: [
      inbound('tcp 22', cidr('0.0.0.0/0')),
      outbound('all', cidr('0.0.0.0/0')),
    ],
  },
];
