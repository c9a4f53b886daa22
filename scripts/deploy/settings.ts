// The deployment's parameters as serverless.yml gathers them under
// `custom.driftguard` (each from a `--param`, with its default there),
// checked once so that a typo fails `npm run package` with the parameter's
// name instead of deploying something else.
import { z } from 'zod';
import { loadProfiles } from '../../shared/profiles/index.ts';

const text = z.coerce.string().trim();

const list = text.transform((value) =>
  value.split(',').map((item) => item.trim()).filter(Boolean));

const count = z.coerce.number().int().min(0);

const parameters = z.object({
  service: text.min(1),
  stage: text.min(1),
  region: text.min(1),
  mode: z.enum(['dry-run', 'enforce']),
  cap: z.enum(['alert', 'rollback', 'quarantine']),
  profiles: text.min(1),
  regions: list,
  accounts: list,
  organizationId: text.regex(/^(o-[a-z0-9]{10,32})?$/,
    'an organization id (o-…), or empty'),
  budgetPerInvocation: count,
  budgetPerAccountHour: count,
  slackSecret: text,
  platformPrincipals: list,
  vendorPrincipals: list,
  memberRole: text.regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name'),
  externalId: text,
  securityHub: z.enum(['true', 'false']).transform((v) => v === 'true'),
  alertWindowMinutes: count,
  sweepSchedule: text.min(1),
  sweepMaxReceives: count.min(1),
  notificationBus: text.min(1),
  reservedConcurrency: count,
}).strict();

/** The checked parameters of one deployment. */
export type DeploySettings = z.output<typeof parameters>;

/** A parameter that does not read; names it and what was expected. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Checks the parameters serverless.yml gathered under custom.driftguard. */
export function readSettings(raw: unknown): DeploySettings {
  const parsed = parameters.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) =>
    `  ${issue.path.join('.') || '(parameters)'}: ${issue.message}`);
  throw new SettingsError(
    `bad driftguard deployment parameters:\n${lines.join('\n')}`);
}

/** Whether the deployment only decides and records (the default). */
export function isDryRun(settings: DeploySettings): boolean {
  return settings.mode === 'dry-run';
}

/**
 * The binding tag key the profiles use (their Settings document may
 * rename it): the only tag key the roles may write.
 */
export async function bindingTagKey(profiles: string): Promise<string> {
  const loaded = await loadProfiles(profiles);
  if (!loaded.bundle) {
    throw new SettingsError(`${profiles}: the profiles do not load; run ` +
      `\`driftguard validate ${profiles}\``);
  }
  return loaded.bundle.settings.bindingTagKey;
}
