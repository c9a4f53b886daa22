import * as z from 'zod';
import { parseCidr } from '../rules/index.ts';
import { BundleFormatError } from './errors.ts';
import type { IntentBundle } from './types.ts';
import { bundleVersion } from './version.ts';

const source = z.strictObject({
  file: z.string(),
  line: z.number().int().min(1),
  col: z.number().int().min(1),
});

const cidrText = z.string().refine((text) => {
  try {
    parseCidr(text, true);
    return true;
  } catch {
    return false;
  }
}, 'is not a CIDR block without host bits');

const prefix = (max: number) => z.number().int().min(0).max(max);

const peer = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cidr'),
    cidrs: z.array(cidrText).min(1),
    cidrSet: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('prefixList'), ref: z.string() }),
  z.strictObject({ kind: z.literal('profile'), profile: z.string() }),
  z.strictObject({ kind: z.literal('group'), groupId: z.string() }),
  z.strictObject({ kind: z.literal('self') }),
  z.strictObject({ kind: z.literal('public') }),
  z.strictObject({ kind: z.literal('any') }),
  z.strictObject({
    kind: z.literal('broaderThan'),
    ipv4: prefix(32).optional(),
    ipv6: prefix(128).optional(),
  }),
]);

const severity = z.enum(['low', 'medium', 'high', 'critical']);

const rule = z.strictObject({
  id: z.string().min(1),
  direction: z.enum(['ingress', 'egress', 'both']),
  protocol: z.number().int().min(-1).max(255),
  ports: z.strictObject({ from: prefix(65535), to: prefix(65535) })
    .refine((r) => r.from <= r.to, 'runs backwards'),
  peer,
  severity: severity.optional(),
  description: z.string().optional(),
  source,
});

const profile = z.strictObject({
  name: z.string().min(1),
  layer: z.enum(['tier', 'role', 'overlay']),
  version: z.number().int().min(0),
  owner: z.string().optional(),
  description: z.string().optional(),
  remediation: z.enum(['alert', 'rollback', 'quarantine']).optional(),
  defaultDeny: z.boolean(),
  allows: z.array(rule),
  requires: z.array(rule),
  denies: z.array(rule),
  source,
});

const named = { name: z.string().min(1), description: z.string().optional() };

const bundle = z.strictObject({
  format: z.literal('driftguard/intent-bundle/v1'),
  version: z.string().regex(/^[0-9a-f]{16}$/),
  profiles: z.record(z.string(), profile),
  cidrSets: z.record(z.string(), z.strictObject({
    ...named, cidrs: z.array(cidrText).min(1), source,
  })),
  prefixListAliases: z.record(z.string(), z.strictObject({
    ...named,
    prefixListName: z.string().optional(),
    ids: z.array(z.string()).optional(),
    source,
  })),
  exemptions: z.array(z.strictObject({
    ...named,
    account: z.string().regex(/^\d{12}$/),
    group: z.string(),
    rule: z.string().optional(),
    expires: z.string(),
    reason: z.string(),
    approvedBy: z.string(),
    source,
  })),
  settings: z.strictObject({
    bindingTagKey: z.string().min(1),
    attachments: z.array(z.strictObject({
      tags: z.record(z.string(), z.string()),
      profile: z.string(),
    })),
    unboundGroups: z.strictObject({
      severity,
      vpcs: z.array(z.string()).optional(),
    }),
    rollout: z.strictObject({
      waves: z.array(z.strictObject({
        name: z.string(),
        accounts: z.union([z.literal('all'), z.array(z.string())]),
      })),
      maxWritesPerWave: z.number().int().optional(),
      soakMinutes: z.number().int(),
    }).optional(),
  }),
});

function where(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the bundle' : path.map(String).join('.');
}

function misnamed(read: IntentBundle): string | undefined {
  const tables = [read.profiles, read.cidrSets, read.prefixListAliases];
  for (const table of tables) {
    const wrong = Object.entries(table).find(([key, v]) => v.name !== key);
    if (wrong) return `${wrong[0]} holds ${JSON.stringify(wrong[1].name)}`;
  }
  return undefined;
}

/**
 * Reads an intent bundle as `loadProfiles` builds it (the Lambda functions
 * load one from disk), and throws a BundleFormatError naming what is wrong
 * when it is malformed, or when its version does not match its content.
 */
export function readBundle(json: unknown): IntentBundle {
  const result = bundle.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.slice(0, 5)
      .map((issue) => `${where(issue.path)}: ${issue.message}`);
    throw new BundleFormatError(
      `malformed intent bundle: ${lines.join('; ')}`,
      { cause: result.error },
    );
  }
  const read = result.data as IntentBundle;
  const problem = misnamed(read);
  if (problem) {
    throw new BundleFormatError(`malformed intent bundle: ${problem}`);
  }
  const expected = bundleVersion(read);
  if (read.version !== expected) {
    throw new BundleFormatError(`intent bundle version ${read.version} ` +
      `does not match its content (expected ${expected}); ` +
      'rebuild it from the profiles instead of editing it');
  }
  return read;
}

/** The bundle as JSON text, as `readBundle` reads it back. */
export function serializeBundle(read: IntentBundle): string {
  return `${JSON.stringify(read, null, 2)}\n`;
}
