import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { createClient } from '../../shared/aws/clients.ts';
import { openSession, sessionAccount } from '../../shared/aws/session.ts';
import { releaseCommand, type ReleasePlace } from
  '../../shared/notify/text.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import { StoreError } from '../../shared/store/errors.ts';
import type { AuditEntry } from '../../shared/store/types.ts';
import { InputError, paint, UsageError, type Io, type Outcome } from '../io.ts';
import { formatOption } from '../options.ts';
import {
  addAwsOptions,
  requireTable,
  tableOption,
  type AwsOptions,
} from './snapshot.ts';

interface HistoryOptions extends AwsOptions {
  group: string;
  account?: string;
  region?: string;
  table?: string;
  format: string;
}

/** What a history was read from, and what it holds. */
interface History extends Required<ReleasePlace> {
  account: string;
  entries: AuditEntry[];
}

/** One line of a group's history, as both formats show it. */
export interface HistoryRow {
  time: string;
  action: string;
  status: string;
  actor: string;
  reason: string;
  ruleIds: string[];
  /**
   * `driftguard release ID --table T --region R`, or how the entry was
   * released, or what it releases or is released with.
   */
  release: string;
}

/**
 * `driftguard history --group sg-... --table NAME`: what driftguard did to
 * a group, newest first, from the audit log in the DynamoDB table.
 */
export function historyCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  const command = program.command('history')
    .description('list what driftguard did to a security group, newest ' +
      'first, from its audit log')
    .requiredOption('--group <id>', 'security group id (sg-...)')
    .addOption(tableOption())
    .option('--account <id>', 'the group\'s account (default: the caller\'s)')
    .option('--region <region>', 'the table\'s region (default: AWS_REGION)')
    .addOption(formatOption(['table', 'json'], 'table'));
  addAwsOptions(command).action(async (options: HistoryOptions) => {
    const { account, entries, table, region } = await readHistory(options);
    const where = { table, region };
    io.out(options.format === 'json'
      ? historyJson(account, options.group, entries, where)
      : historyTable(account, options.group, entries, io, where));
    outcome.code = 0;
  });
}

async function readHistory(options: HistoryOptions): Promise<History> {
  if (!/^sg-[0-9a-f]+$/.test(options.group)) {
    throw new UsageError(`--group ${options.group} is not a security ` +
      'group id (sg-...)');
  }
  const table = requireTable(options.table, 'history', 'the driftguard table');
  const region = await regionOf(options.region);
  const session = openSession({
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
  });
  const account = options.account ?? await sessionAccount(session);
  const client = createClient(DynamoDBClient, {
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials: session.sts.config.credentials,
  });
  const log = new DynamoAuditLog({ client, tableName: table });
  try {
    const entries = await log.history(account, options.group);
    return { account, entries, table, region };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw new InputError(`table ${table} in ${region}: ` +
      error.message, { cause: error });
  }
}

/** The region asked for, else the one the AWS SDK finds (AWS_REGION...). */
async function regionOf(option: string | undefined): Promise<string> {
  if (option) return option;
  try {
    return await new STSClient({}).config.region();
  } catch {
    throw new UsageError('history needs --region (or AWS_REGION set)');
  }
}

/**
 * The rows of a history, newest first; `where` is the table and region
 * that the release commands name.
 */
export function historyRows(
  entries: AuditEntry[],
  where: ReleasePlace = {},
): HistoryRow[] {
  return entries.map((e) => ({
    time: e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    action: e.dryRun ? `${e.action} (dry run)` : e.action,
    status: e.status,
    actor: shortArn(e.reason.actor) ?? e.reason.trigger,
    reason: reasonOf(e),
    ruleIds: ruleIdsOf(e),
    release: releaseOf(e, where, entries),
  }));
}

/**
 * How an entry is undone, or was: the command, or the release's id. An
 * entry that is part of another (a quarantine's isolation) is released
 * with it, by the other's command, which `entries` holds.
 */
export function releaseOf(
  entry: AuditEntry,
  where: ReleasePlace = {},
  entries: readonly AuditEntry[] = [],
): string {
  if (entry.releasedBy) return `released by ${entry.releasedBy}`;
  if (entry.releases) return `releases ${entry.releases}`;
  if (!undoable(entry, entries)) return '';
  const whole = entries.find((e) => e.id === entry.partOf);
  if (whole && !whole.releasedBy) return `released with ${whole.id}`;
  return releaseCommand(entry.id, where);
}

/**
 * Whether releasing an entry does something: it changed something, or
 * one of its parts did (a quarantine that moved nothing but isolated).
 */
function undoable(entry: AuditEntry, entries: readonly AuditEntry[] = []) {
  const changed = (e: AuditEntry) => !e.dryRun && e.action !== 'release' &&
    (e.status === 'done' || e.status === 'partial');
  return changed(entry) || entries.some((e) => e.partOf === entry.id &&
    !e.releasedBy && changed(e));
}

function reasonOf(entry: AuditEntry): string {
  const why = entry.reason.findings.map((f) => f.policyRule
    ? `${f.kind} ${f.profile ?? '?'}/${f.policyRule}` : f.kind);
  const distinct = [...new Set(why)];
  return `${entry.reason.trigger}: ${distinct.join(', ') || entry.intent}`;
}

function ruleIdsOf(entry: AuditEntry): string[] {
  const ids = [
    ...entry.reason.findings.map((f) => f.ruleId),
    ...(entry.before.rules ?? []).map((r) => r.SecurityGroupRuleId),
    ...(entry.outcome?.createdRules ?? []).map((r) => r.SecurityGroupRuleId),
  ];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/** `assumed-role/Dev/alice` from its ARN; undefined without one. */
function shortArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  return arn.split(':').slice(5).join(':') || arn;
}

/**
 * The history as one JSON document: the entries as the audit log keeps
 * them, each with its `release` as the table shows it.
 */
export function historyJson(
  account: string,
  groupId: string,
  entries: AuditEntry[],
  where: ReleasePlace = {},
): string {
  const listed = entries.map((e) => ({ ...e,
    release: releaseOf(e, where, entries) }));
  return `${JSON.stringify({ account, groupId, entries: listed }, null, 2)}\n`;
}

const HEADINGS = ['TIME', 'ACTION', 'STATUS', 'ACTOR', 'REASON', 'RULES',
  'RELEASE'];

/** The history as a table for people. */
export function historyTable(
  account: string,
  groupId: string,
  entries: AuditEntry[],
  io: Io,
  where: ReleasePlace = {},
): string {
  const c = paint(io);
  if (entries.length === 0) {
    return `no audit entries for ${groupId} in account ${account}\n`;
  }
  const rows = historyRows(entries, where).map((r) => [r.time, r.action,
    r.status, clip(r.actor, 40), clip(r.reason, 60), rulesCell(r.ruleIds),
    r.release]);
  const widths = HEADINGS.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells
    .map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i]!) : cell))
    .join('  ').trimEnd();
  const count = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`;
  return [
    c.bold(`${groupId} in ${account}: ${count}, newest first`),
    c.dim(line(HEADINGS)),
    ...rows.map(line),
    '',
  ].join('\n');
}

function rulesCell(ids: string[]): string {
  if (ids.length <= 3) return ids.join(',');
  return `${ids.slice(0, 3).join(',')} +${ids.length - 3}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
