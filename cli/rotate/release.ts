import { releaseRotation } from '../../shared/aws/release-rotation.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import { StoreError } from '../../shared/store/errors.ts';
import { DynamoRotationStore } from '../../shared/store/rotations.ts';
import { InputError, UsageError, type Io } from '../io.ts';
import { reach, tableClient, writeTargets } from './targets.ts';
import type { ReachOptions } from './targets.ts';
import { releaseLines } from './words.ts';

/** The options of `driftguard release` that a rotation's release uses. */
export interface RotationReleaseOptions extends ReachOptions {
  table: string;
  region?: string;
  dryRun?: boolean;
  format: string;
}

async function recordOf(id: string, options: RotationReleaseOptions) {
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('release needs --region (the table\'s)');
  const at = await reach(region, options);
  const client = tableClient(at.session, region, options);
  const tableName = options.table;
  const log = new DynamoAuditLog({ client, tableName });
  const record = await new DynamoRotationStore({ client, tableName })
    .get(id).catch((error: unknown) => {
      if (!(error instanceof StoreError)) throw error;
      throw new InputError(`table ${tableName}: ${error.message}`);
    });
  if (!record) throw new InputError(`no rotation ${id} in ${tableName}`);
  const there = record.region === region ? at
    : await reach(record.region, options);
  return { log, record, targets: writeTargets(there, record.accounts,
    options) };
}

/**
 * `driftguard release rotation-…`: release every entry of a rotation,
 * each interface given back its exact group set. Exit 0 when every
 * interface to put back was (or, in a dry run, would be).
 */
export async function releaseRotationById(
  id: string,
  options: RotationReleaseOptions,
  io: Io,
): Promise<number> {
  const { log, record, targets } = await recordOf(id, options);
  const dryRun = Boolean(options.dryRun);
  const out = await releaseRotation(record, log, async (account) => {
    const target = targets.get(account);
    if (!target) throw new Error(`account ${account} is not in ${id}`);
    return target;
  }, { dryRun, reason: { findings: [], trigger: 'cli' } });
  io.out(options.format === 'json'
    ? `${JSON.stringify({ released: id, ...out }, null, 2)}\n`
    : `${releaseLines(out, dryRun).join('\n')}\n`);
  return dryRun || ['done', 'unchanged'].includes(out.status) ? 0 : 1;
}
