import type { GroupSpec } from './catalogue.ts';
import {
  brokerMesh,
  controlPlane,
  kafkaFrom,
  kafkaTo,
  PROD_VPC,
  prodHost,
} from './catalogue.ts';
import { awsId } from './ids.ts';
import {
  PARTNER_ACCOUNT,
  PARTNER_PEERING,
  PARTNER_VPC,
  PREFIX_LISTS,
} from './network.ts';
import { cidr, drift, inbound, outbound, pl, sg } from './rules.ts';

/** The partner's consumer group, in an account this snapshot cannot see. */
const PARTNER_CONSUMERS = awsId('sg', 'partner', 'analytics-consumers');

/**
 * Prod groups that drifted from their profiles, or whose binding is wrong.
 * The comment above each names the findings it must produce; the `expect`
 * fields say the same as data, and EXPECTED.md is written from them.
 */
export const PROD_DRIFTED: GroupSpec[] = [
  // denied-rule: SSH from 0.0.0.0/0 on a prod broker.
  {
    name: 'prod-analytics-brokers',
    vpc: 'prod',
    description: 'Kafka brokers of the analytics cluster',
    binding: 'prod-network, broker',
    team: 'data-platform',
    rules: [
      ...prodHost(),
      kafkaFrom('prod-search-client'),
      ...brokerMesh(),
      drift(inbound('tcp 22', cidr('0.0.0.0/0')), {
        kind: 'denied-rule',
        policyRules: ['prod-no-public-ingress', 'prod-no-broad-peers'],
        why: 'SSH open to the internet; critical by prod-no-public-ingress',
      }),
    ],
  },
  // denied-rule: HTTPS in from ::/0 (IPv6).
  {
    name: 'prod-search-client',
    vpc: 'prod',
    description: 'Search indexers: consume from the analytics cluster',
    binding: 'prod-network, client',
    team: 'search',
    rules: [
      ...prodHost(),
      kafkaTo('prod-analytics-brokers'),
      drift(inbound('tcp 443', cidr('::/0'), 'Public search API test'), {
        kind: 'denied-rule',
        policyRules: ['prod-no-public-ingress', 'prod-no-broad-peers'],
        why: '::/0 is public, and broader than /48',
      }),
    ],
  },
  // denied-rule: EC2's default "all traffic to 0.0.0.0/0" egress was never
  // removed when the group was created.
  {
    name: 'prod-metrics-agent',
    vpc: 'prod',
    description: 'Vendor metrics agent',
    binding: 'prod-network, agent',
    team: 'sre',
    rules: [
      ...prodHost(),
      ...controlPlane(),
      drift(outbound('all', cidr('0.0.0.0/0')), {
        kind: 'denied-rule',
        policyRules: ['prod-no-broad-peers'],
        why: 'egress to /0 is broader than /16',
      }),
    ],
  },
  // denied-rule: clear-text HTTP on a PCI group.
  {
    name: 'prod-payments-gateway-client',
    vpc: 'prod',
    description: 'Card payment gateway (PCI scope)',
    binding: 'prod-network, client, pci',
    team: 'payments',
    rules: [
      ...prodHost(),
      kafkaTo('prod-payments-brokers'),
      drift(inbound('tcp 80', cidr(PROD_VPC), 'Health checks, old ALB'), {
        kind: 'denied-rule',
        policyRules: ['pci-no-http'],
        why: 'tcp 80 is clear text; also unapproved, reported once',
      }),
    ],
  },
  // unapproved-rule with defaultDeny (pci), twice. The 9092-9094 rule still
  // satisfies broker-kafka-from-clients-present (a require is met by a rule
  // that covers it, approved or not), so there is no missing-required-rule.
  {
    name: 'prod-card-vault-brokers',
    vpc: 'prod',
    description: 'Kafka brokers of the card vault (PCI scope)',
    binding: 'prod-network, broker, pci',
    team: 'payments',
    rules: [
      ...prodHost(),
      ...brokerMesh(),
      drift(
        inbound('tcp 9092-9094', sg('prod-payments-client'),
          'Kafka from payments, plus the JMX port'),
        {
          kind: 'unapproved-rule',
          why: 'port 9094 lies outside broker-kafka-from-clients; ' +
            'defaultDeny (pci) raises the severity',
        },
      ),
      drift(inbound('tcp 8443', cidr('10.10.16.0/20'), 'Admin UI'), {
        kind: 'unapproved-rule',
        why: 'no allow for 8443; defaultDeny (pci) raises the severity',
      }),
    ],
  },
  // unapproved-rule without defaultDeny, three times: a port no allow names,
  // a prefix list no prod allow names, and a CIDR wider than the allow's.
  {
    name: 'prod-inventory-client',
    vpc: 'prod',
    description: 'Inventory service',
    binding: 'prod-network, client',
    team: 'orders',
    rules: [
      ...prodHost(),
      kafkaTo('prod-orders-brokers'),
      drift(outbound('tcp 5432', cidr('10.10.40.0/24'), 'Inventory RDS'), {
        kind: 'unapproved-rule',
        why: 'no allow for tcp 5432',
      }),
      drift(outbound('tcp 443', pl(PREFIX_LISTS.dynamodb), 'DynamoDB'), {
        kind: 'unapproved-rule',
        why: 'prod-network allows only the s3 prefix list',
      }),
      drift(inbound('tcp 9100', cidr('10.50.8.0/23'), 'node_exporter'), {
        kind: 'unapproved-rule',
        why: '10.50.8.0/23 is wider than monitoring (10.50.8.0/24)',
      }),
    ],
  },
  // missing-required-rule: the client group reference was replaced by the
  // whole VPC CIDR, which is unapproved and does not satisfy a require that
  // names { profile: client }.
  {
    name: 'prod-ledger-brokers',
    vpc: 'prod',
    description: 'Kafka brokers of the ledger cluster',
    binding: 'prod-network, broker',
    team: 'finance-platform',
    rules: [
      ...prodHost(),
      ...brokerMesh(),
      drift(inbound('tcp 9092-9093', cidr(PROD_VPC), 'Temporary: all VPC'), {
        kind: 'unapproved-rule',
        why: 'Kafka from a CIDR; broker allows it only from client groups',
      }),
    ],
    expect: [
      {
        kind: 'missing-required-rule',
        policyRules: ['broker-kafka-from-clients-present'],
        why: 'no rule admits tcp 9092 from a group bound to client',
      },
    ],
  },
  // missing-required-rule: one member of the control-plane set (the IPv6
  // range) has no rule; every member of a required CIDR set must be covered.
  {
    name: 'prod-backup-agent',
    vpc: 'prod',
    description: 'Vendor backup agent',
    binding: 'prod-network, agent',
    team: 'sre',
    rules: [...prodHost(), ...controlPlane().slice(0, 2)],
    expect: [
      {
        kind: 'missing-required-rule',
        policyRules: ['agent-control-plane-reachable'],
        why: 'control-plane member 2001:db8:c0::/56 is not covered',
      },
    ],
  },
  // profile-conflict: no-internet-egress denies what the agent role allows
  // and requires (its control plane is on the internet), so the binding can
  // never be satisfied; the rules to the control plane are denied-rule, and
  // every action on the group is capped to alert.
  {
    name: 'prod-telemetry-agent',
    vpc: 'prod',
    description:
      'Vendor telemetry agent, wrongly given the no-internet overlay',
    binding: 'prod-network, agent, no-internet-egress',
    team: 'sre',
    rules: [
      ...prodHost(),
      ...controlPlane().map((rule) => drift(rule, {
        kind: 'denied-rule',
        policyRules: ['no-egress-to-public'],
        why: 'the control plane is outside the private ranges',
      })),
    ],
    expect: [
      {
        kind: 'profile-conflict',
        policyRules: ['agent-https-to-control-plane'],
        why: 'the allow lies wholly inside no-egress-to-public',
      },
      {
        kind: 'profile-conflict',
        policyRules: ['agent-control-plane-reachable'],
        why: 'the require is matched by no-egress-to-public',
      },
    ],
  },
  // unapproved-rule, suppressed by the valid exemption
  // partner-analytics-peering: a group in another account (UserId
  // 444455556666, over VPC peering) cannot be shown to carry `client`.
  {
    name: 'prod-events-brokers',
    vpc: 'prod',
    description: 'Kafka brokers of the events cluster',
    binding: 'prod-network, broker',
    team: 'streaming-platform',
    rules: [
      ...prodHost(),
      kafkaFrom('prod-orders-client'),
      ...brokerMesh(),
      drift(
        inbound('tcp 9092-9093', {
          foreignGroup: PARTNER_CONSUMERS,
          account: PARTNER_ACCOUNT,
          peering: PARTNER_PEERING,
          vpc: PARTNER_VPC,
        }, 'Partner analytics consumers'),
        {
          kind: 'unapproved-rule',
          suppressedBy: 'partner-analytics-peering',
          why: 'cross-account group; exempt until 2099-12-31',
        },
      ),
    ],
  },
  // unapproved-rule and expired-exemption: legacy-canary-listener covered
  // the 8080 rule until 2026-06-30 and no longer suppresses it.
  {
    name: 'prod-checkout-client',
    vpc: 'prod',
    description: 'Checkout service',
    binding: 'prod-network, client',
    team: 'orders',
    rules: [
      ...prodHost(),
      kafkaTo('prod-orders-brokers'),
      drift(inbound('tcp 8080', cidr('10.10.16.0/20'), 'Canary listener'), {
        kind: 'unapproved-rule',
        why: 'no allow for 8080; its exemption has expired',
      }),
    ],
    expect: [
      {
        kind: 'expired-exemption',
        why: 'legacy-canary-listener expired on 2026-06-30',
      },
    ],
  },
  // unknown-profile: kafka-connect does not exist. No rule evaluation, so
  // the unapproved 8083 rule must not be reported.
  {
    name: 'prod-connect-workers',
    vpc: 'prod',
    description: 'Kafka Connect workers',
    binding: 'prod-network, kafka-connect',
    team: 'data-platform',
    rules: [
      inbound('tcp 8083', cidr(PROD_VPC), 'Connect REST API'),
      kafkaTo('prod-orders-brokers'),
    ],
    expect: [
      {
        kind: 'unknown-profile',
        why: 'binding names kafka-connect; no rule evaluation follows',
      },
    ],
  },
  // invalid-binding: no tier. No rule evaluation.
  {
    name: 'prod-stream-brokers',
    vpc: 'prod',
    description: 'Kafka Streams state brokers',
    binding: 'broker, pci',
    team: 'streaming-platform',
    rules: [inbound('tcp 9092-9093', cidr(PROD_VPC), 'Kafka from the VPC')],
    expect: [
      {
        kind: 'invalid-binding',
        why: 'binding has no tier; no rule evaluation follows',
      },
    ],
  },
  // invalid-binding: two tiers. No rule evaluation.
  {
    name: 'prod-migration-agent',
    vpc: 'prod',
    description: 'Data migration agent, copied from staging',
    binding: 'prod-network, staging-network, agent',
    team: 'sre',
    rules: [...controlPlane(), outbound('tcp 443', cidr('0.0.0.0/0'))],
    expect: [
      {
        kind: 'invalid-binding',
        why: 'binding has two tiers; no rule evaluation follows',
      },
    ],
  },
  // unbound-group (severity medium, from settings.yaml). Its rules are not
  // evaluated. Attached beside prod-orders-client on one interface, which
  // gives foreign-group-attached there (see interfaces.ts).
  {
    name: 'launch-wizard-1',
    vpc: 'prod',
    description: 'launch-wizard-1 created 2026-09-14T10:22:31.118Z',
    rules: [
      inbound('tcp 22', cidr('0.0.0.0/0')),
      outbound('all', cidr('0.0.0.0/0')),
    ],
    expect: [
      {
        kind: 'unbound-group',
        why: 'no driftguard:profiles tag, in a governed VPC',
      },
    ],
  },
];
