import type { GroupSpec } from './catalogue.ts';
import {
  brokerMesh,
  controlPlane,
  defaultGroup,
  kafkaFrom,
  kafkaTo,
  PROD_VPC,
  prodHost,
} from './catalogue.ts';
import { PREFIX_LISTS } from './network.ts';
import { cidr, inbound, outbound, pl } from './rules.ts';

/** Prod groups whose rules are exactly what their profiles allow. */
export const PROD_CLEAN: GroupSpec[] = [
  defaultGroup('prod'),
  {
    name: 'prod-orders-brokers',
    vpc: 'prod',
    description: 'Kafka brokers of the orders cluster',
    binding: 'prod-network, broker',
    team: 'streaming-platform',
    rules: [
      ...prodHost(),
      kafkaFrom('prod-orders-client'),
      kafkaFrom('prod-checkout-client'),
      kafkaFrom('prod-inventory-client'),
      kafkaFrom('prod-audit-client'),
      kafkaFrom('prod-vendor-agent'),
      ...brokerMesh(),
    ],
  },
  {
    name: 'prod-payments-brokers',
    vpc: 'prod',
    description: 'Kafka brokers of the payments cluster (PCI scope)',
    binding: 'prod-network,broker,pci',
    team: 'payments',
    rules: [
      ...prodHost(),
      kafkaFrom('prod-payments-client'),
      kafkaFrom('prod-payments-gateway-client'),
      ...brokerMesh(),
    ],
  },
  {
    name: 'prod-orders-client',
    vpc: 'prod',
    description: 'Orders API: produces order events',
    binding: 'prod-network, client',
    team: 'orders',
    rules: [
      ...prodHost(),
      inbound('tcp 443', cidr(PROD_VPC), 'From the internal ALB'),
      kafkaTo('prod-orders-brokers'),
    ],
  },
  {
    name: 'prod-payments-client',
    vpc: 'prod',
    description: 'Payment processors (PCI scope)',
    binding: 'prod-network, client, pci',
    team: 'payments',
    rules: [
      ...prodHost(),
      kafkaTo('prod-payments-brokers'),
      kafkaTo('prod-card-vault-brokers'),
    ],
  },
  {
    name: 'prod-observability-agent',
    vpc: 'prod',
    description: 'Vendor observability agent, attached beside host groups',
    binding: 'prod-network, agent',
    team: 'sre',
    rules: controlPlane(),
  },
  {
    name: 'prod-tokenizer-agent',
    vpc: 'prod',
    description: 'Vendor card tokenization appliance (PCI scope)',
    binding: 'prod-network, agent, pci',
    team: 'payments',
    rules: [...prodHost(), ...controlPlane()],
  },
  {
    name: 'prod-claims-brokers',
    vpc: 'prod',
    description: 'Kafka brokers for claims (HIPAA and PCI scope)',
    binding: 'prod-network, broker, hipaa, pci',
    team: 'claims',
    rules: [...prodHost(), kafkaFrom('prod-claims-client'), ...brokerMesh()],
  },
  {
    name: 'prod-claims-client',
    vpc: 'prod',
    description: 'Claims intake services (HIPAA scope)',
    binding: 'prod-network, client, hipaa',
    team: 'claims',
    rules: [...prodHost(), kafkaTo('prod-claims-brokers')],
  },
  {
    // The binding has stray spaces and empty entries on purpose: names are
    // trimmed and empty entries ignored, so this is prod-network + client.
    name: 'prod-audit-client',
    vpc: 'prod',
    description: 'Audit shipper Lambda function',
    binding: ' prod-network ,, client , ',
    team: 'security-engineering',
    rules: [
      outbound('tcp 443', cidr(PROD_VPC), 'Interface endpoints'),
      outbound('tcp 443', pl(PREFIX_LISTS.s3), 'Audit archive bucket'),
      kafkaTo('prod-orders-brokers'),
    ],
  },
  {
    name: 'prod-vpce-endpoints',
    vpc: 'prod',
    description: 'Interface endpoints: ssm, ec2messages, logs',
    binding: 'prod-network',
    team: 'network-engineering',
    rules: [inbound('tcp 443', cidr(PROD_VPC), 'HTTPS from the VPC')],
  },
  {
    name: 'prod-vendor-agent',
    vpc: 'prod',
    description: 'Vendor agent that also publishes to the orders cluster',
    binding: 'prod-network, agent, client',
    team: 'sre',
    rules: [
      ...prodHost(),
      ...controlPlane(),
      kafkaTo('prod-orders-brokers'),
    ],
  },
];
