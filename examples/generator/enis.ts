import type { EniKind, EniSpec } from './interfaces.ts';
import type { VpcKey } from './network.ts';

const ZONES: Record<VpcKey, string[]> = {
  prod: ['privateA', 'privateB', 'privateC'],
  staging: ['privateA', 'privateB'],
  sandbox: ['defaultA', 'defaultB'],
};

/**
 * `count` interfaces named `vpc-name-1` ... `vpc-name-N`, spread over the
 * VPC's private subnets, each carrying the same groups.
 */
function fleet(
  vpc: VpcKey,
  name: string,
  groups: string[],
  count = 1,
  kind: EniKind = 'instance',
): EniSpec[] {
  const zones = ZONES[vpc];
  const env = vpc === 'sandbox' || kind !== 'instance' ? undefined : vpc;
  return Array.from({ length: count }, (_, at) => ({
    name: `${vpc}-${name}-${at + 1}`,
    vpc,
    subnet: zones[at % zones.length]!,
    kind,
    groups,
    ...(env && { env }),
  }));
}

const prod = (name: string, groups: string[], count = 1) =>
  fleet('prod', name, groups, count);
const staging = (name: string, groups: string[], count = 1) =>
  fleet('staging', name, groups, count);

const PROD: EniSpec[] = [
  ...prod('orders-broker', ['prod-orders-brokers',
    'prod-observability-agent'], 3),
  ...prod('payments-broker', ['prod-payments-brokers'], 3),
  ...prod('orders-api', ['prod-orders-client',
    'prod-observability-agent'], 2),
  // foreign-group-attached: launch-wizard-1 (unbound) was added beside
  // prod-orders-client by hand.
  {
    name: 'prod-orders-api-3',
    vpc: 'prod',
    subnet: 'privateC',
    kind: 'instance',
    groups: ['prod-orders-client', 'launch-wizard-1'],
    env: 'prod',
    expect: [{
      kind: 'foreign-group-attached',
      why: 'launch-wizard-1 has no binding, beside prod-orders-client',
    }],
  },
  // A spare interface, not attached: carries the right group, no finding.
  {
    name: 'prod-orders-api-spare',
    vpc: 'prod',
    subnet: 'privateA',
    kind: 'detached',
    groups: ['prod-orders-client'],
    env: 'prod',
  },
  ...prod('payments-processor', ['prod-payments-client'], 2),
  ...prod('tokenizer', ['prod-tokenizer-agent']),
  ...prod('claims-broker', ['prod-claims-brokers'], 3),
  ...prod('claims-intake', ['prod-claims-client'], 2),
  ...prod('vendor-agent', ['prod-vendor-agent']),
  ...fleet('prod', 'audit-shipper', ['prod-audit-client'], 2, 'lambda'),
  ...fleet('prod', 'vpce', ['prod-vpce-endpoints'], 3, 'vpc_endpoint'),
  { name: 'prod-nat', vpc: 'prod', subnet: 'publicA', kind: 'nat_gateway',
    groups: [] },
  ...prod('analytics-broker', ['prod-analytics-brokers'], 2),
  ...prod('search-indexer', ['prod-search-client']),
  ...prod('metrics-agent', ['prod-metrics-agent']),
  ...prod('payments-gateway', ['prod-payments-gateway-client']),
  ...prod('card-vault-broker', ['prod-card-vault-brokers'], 2),
  ...prod('inventory', ['prod-inventory-client']),
  ...prod('ledger-broker', ['prod-ledger-brokers'], 2),
  ...prod('backup-agent', ['prod-backup-agent']),
  ...prod('events-broker', ['prod-events-brokers',
    'prod-observability-agent'], 2),
  ...prod('checkout', ['prod-checkout-client']),
  // attachment-missing-profile: launched without a group, so EC2 gave it
  // the VPC's default group; tagged env=prod, it lacks prod-network.
  {
    name: 'prod-reporting-1',
    vpc: 'prod',
    subnet: 'privateB',
    kind: 'instance',
    groups: ['default'],
    env: 'prod',
    expect: [{
      kind: 'attachment-missing-profile',
      why: 'tagged env=prod; its only group, default, has no binding',
    }],
  },
];

const STAGING: EniSpec[] = [
  ...staging('orders-broker', ['staging-orders-brokers'], 3),
  ...staging('orders-api', ['staging-orders-client'], 2),
  ...staging('vendor-agent', ['staging-vendor-agent']),
  { name: 'staging-vpn-1', vpc: 'staging', subnet: 'publicA', kind: 'instance',
    groups: ['staging-vpn'], env: 'staging' },
  ...staging('payments-broker', ['staging-payments-brokers'], 2),
  ...staging('payments-processor', ['staging-payments-client']),
  ...staging('claims-intake', ['staging-claims-client']),
  ...staging('api', ['staging-api-client'], 2),
  ...staging('search-indexer', ['staging-search-client']),
  ...staging('card-sim', ['staging-card-sim-client']),
  ...staging('claims-broker', ['staging-claims-brokers'], 2),
  { name: 'staging-nat', vpc: 'staging', subnet: 'publicA',
    kind: 'nat_gateway', groups: [] },
];

/** Out of every mapping (no env tag) and of the unbound-group check. */
const SANDBOX: EniSpec[] = [
  ...fleet('sandbox', 'experiment', ['launch-wizard-2']),
  ...fleet('sandbox', 'scratch', ['default']),
];

export const INTERFACES: EniSpec[] = [...PROD, ...STAGING, ...SANDBOX];
