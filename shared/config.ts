import * as z from 'zod';
import type { Mode } from './profiles/types.ts';

const list = z.string().default('').transform((text) =>
  text.split(',').map((s) => s.trim()).filter(Boolean));

const flag = (fallback: boolean) => z.enum(['true', 'false'])
  .default(fallback ? 'true' : 'false').transform((v) => v === 'true');

const count = (fallback: number) => z.coerce.number().int().min(0)
  .default(fallback);

const environment = z.object({
  DRIFTGUARD_DRY_RUN: flag(true),
  DRIFTGUARD_MODE: z.enum(['alert', 'rollback', 'quarantine'])
    .default('quarantine'),
  DRIFTGUARD_BUDGET_PER_INVOCATION: count(20),
  DRIFTGUARD_BUDGET_PER_ACCOUNT_HOUR: count(100),
  DRIFTGUARD_BUNDLE: z.string().min(1).default('intent.json'),
  DRIFTGUARD_TABLE: z.string().min(1).optional(),
  DRIFTGUARD_OWN_ROLES: list,
  DRIFTGUARD_PLATFORM_PRINCIPALS: list,
  DRIFTGUARD_VENDOR_PRINCIPALS: list,
  DRIFTGUARD_MEMBER_ROLE: z.string().min(1).default('driftguard-member'),
  DRIFTGUARD_EXTERNAL_ID: z.string().min(1).optional(),
  DRIFTGUARD_ENDPOINT_URL: z.url().optional(),
  DRIFTGUARD_SNS_TOPIC_ARN: z.string().min(1).optional(),
  DRIFTGUARD_EVENT_BUS: z.string().min(1).optional(),
  DRIFTGUARD_SLACK_SECRET: z.string().min(1).optional(),
  DRIFTGUARD_DLQ_URL: z.url().optional(),
  DRIFTGUARD_SECURITY_HUB: flag(false),
  DRIFTGUARD_ALERT_WINDOW_MINUTES: count(60),
  DRIFTGUARD_SWEEP_QUEUE_URL: z.url().optional(),
  DRIFTGUARD_REGIONS: list,
  DRIFTGUARD_ACCOUNTS: list,
  DRIFTGUARD_SWEEP_MAX_RECEIVES: z.coerce.number().int().min(1).default(3),
  AWS_REGION: z.string().min(1).default('us-east-1'),
});

/** The settings of one deployment, as the functions read them. */
export interface DeploymentConfig {
  /** Decide and record, change nothing: the default of a new deployment. */
  dryRun: boolean;
  /** The strongest action allowed; profiles cannot ask for more. */
  cap: Mode;
  perInvocation: number;
  perAccountHour: number;
  bundlePath: string;
  table?: string;
  /** driftguard's own roles: their changes are never acted on. */
  ownRoles: string[];
  /** Who may change a binding tag. */
  platformPrincipals: string[];
  /** Principals of vendors, who must use the groups provided to them. */
  vendorPrincipals: string[];
  memberRole: string;
  externalId?: string;
  endpoint?: string;
  snsTopicArn?: string;
  eventBus?: string;
  slackSecret?: string;
  deadLetterQueueUrl?: string;
  securityHub: boolean;
  alertWindowMs: number;
  sweepQueueUrl?: string;
  regions: string[];
  accounts: string[];
  /**
   * Deliveries of a sweep message before SQS moves it to the dead-letter
   * queue (the redrive policy's maxReceiveCount): a region still failing
   * on the last one is recorded as unreachable, so the sweep completes.
   */
  sweepMaxReceives: number;
  region: string;
}

/** A setting that does not read, named with what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the deployment's settings from environment variables. */
export function readConfig(
  env: Record<string, string | undefined> = process.env,
): DeploymentConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) =>
      `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`bad deployment settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dryRun: e.DRIFTGUARD_DRY_RUN,
    cap: e.DRIFTGUARD_MODE,
    perInvocation: e.DRIFTGUARD_BUDGET_PER_INVOCATION,
    perAccountHour: e.DRIFTGUARD_BUDGET_PER_ACCOUNT_HOUR,
    bundlePath: e.DRIFTGUARD_BUNDLE,
    table: e.DRIFTGUARD_TABLE,
    ownRoles: e.DRIFTGUARD_OWN_ROLES,
    platformPrincipals: e.DRIFTGUARD_PLATFORM_PRINCIPALS,
    vendorPrincipals: e.DRIFTGUARD_VENDOR_PRINCIPALS,
    memberRole: e.DRIFTGUARD_MEMBER_ROLE,
    externalId: e.DRIFTGUARD_EXTERNAL_ID,
    endpoint: e.DRIFTGUARD_ENDPOINT_URL,
    snsTopicArn: e.DRIFTGUARD_SNS_TOPIC_ARN,
    eventBus: e.DRIFTGUARD_EVENT_BUS,
    slackSecret: e.DRIFTGUARD_SLACK_SECRET,
    deadLetterQueueUrl: e.DRIFTGUARD_DLQ_URL,
    securityHub: e.DRIFTGUARD_SECURITY_HUB,
    alertWindowMs: e.DRIFTGUARD_ALERT_WINDOW_MINUTES * 60_000,
    sweepQueueUrl: e.DRIFTGUARD_SWEEP_QUEUE_URL,
    regions: e.DRIFTGUARD_REGIONS,
    accounts: e.DRIFTGUARD_ACCOUNTS,
    sweepMaxReceives: e.DRIFTGUARD_SWEEP_MAX_RECEIVES,
    region: e.AWS_REGION,
  };
}
