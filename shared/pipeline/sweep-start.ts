import { createHash, randomBytes } from 'node:crypto';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  listAccounts,
  sendMessages,
  type OrganizationAccount,
} from '../aws/index.ts';
import type { SweepStore } from '../store/sweep-types.ts';
import { sweepMessageBody } from './sweep-message.ts';

/** What starting a sweep needs. */
export interface StartDeps {
  /** Where active accounts are listed when `accounts` is empty. */
  organizations: OrganizationsClient;
  sqs: SQSClient;
  queueUrl: string;
  sweeps: SweepStore;
  /** Accounts to sweep; empty: every active account of the organization. */
  accounts: string[];
  regions: string[];
  intentVersion: string;
  dryRun: boolean;
}

/** What a started sweep covers. */
export interface SweepStarted {
  sweepId: string;
  /** False when a sweep of this id had been started before (a retry). */
  created: boolean;
  accounts: string[];
  regions: string[];
  /** Organization accounts left out because they are not active. */
  skipped: OrganizationAccount[];
  /** Messages sent: one per account-region. */
  messages: number;
}

/**
 * A sweep id, sortable by time: `<ISO time>#<hex>`. From a scheduled
 * event (its `time` and `id`), the same event always gives the same id,
 * so a retried invocation continues the sweep instead of starting another.
 */
export function sweepIdOf(event: unknown, now: Date): string {
  const e = (event ?? {}) as { id?: unknown; time?: unknown };
  if (typeof e.id === 'string' && typeof e.time === 'string' &&
      !Number.isNaN(Date.parse(e.time))) {
    const hash = createHash('sha256').update(e.id).digest('hex');
    return `${new Date(e.time).toISOString()}#${hash.slice(0, 12)}`;
  }
  return `${now.toISOString()}#${randomBytes(6).toString('hex')}`;
}

async function accountsOf(deps: StartDeps) {
  if (deps.accounts.length > 0) {
    for (const id of deps.accounts) {
      if (!/^\d{12}$/.test(id)) {
        throw new Error(`DRIFTGUARD_ACCOUNTS: '${id}' is not an account id`);
      }
    }
    return { active: [...new Set(deps.accounts)].sort(), skipped: [] };
  }
  return listAccounts(deps.organizations);
}

/**
 * Starts a sweep: lists the accounts (the configured ones, else the
 * organization's active ones), records the sweep with what it expects,
 * then sends one queue message per account-region. The record comes
 * first, so every worker finds the sweep it reports to.
 */
export async function startSweep(
  deps: StartDeps,
  sweepId: string,
  now: Date,
): Promise<SweepStarted> {
  const { active, skipped } = await accountsOf(deps);
  const regions = [...new Set(deps.regions)].sort();
  const { created, record } = await deps.sweeps.start({
    id: sweepId, startedAt: now.toISOString(), accounts: active, regions,
    expected: active.length * regions.length,
    intentVersion: deps.intentVersion, dryRun: deps.dryRun,
  });
  // A retried start sends what the first one recorded, so the messages
  // always match the count the sweep expects.
  const bodies = record.accounts.flatMap((account) => record.regions.map(
    (region) => sweepMessageBody({ sweepId, account, region })));
  const messages = await sendMessages(deps.sqs, deps.queueUrl, bodies);
  return { sweepId, created, accounts: record.accounts,
    regions: record.regions, skipped, messages };
}
