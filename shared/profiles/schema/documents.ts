import * as z from 'zod';
import { placeholderProblem } from '../prefix-list-name.ts';
import { show } from './messages.ts';
import {
  awsId,
  cidr,
  instant,
  intIn,
  matching,
  name,
  Problem,
  readWith,
  strict,
  text,
} from './fields.ts';
import { denyRule, egressAllow, ingressAllow, requireRule } from './rules.ts';

/** The only apiVersion this release reads. */
export const API_VERSION = 'driftguard/v1';

/** The kinds of document a profile folder holds. */
export const KINDS = [
  'Profile', 'CidrSet', 'PrefixListAlias', 'Exemption', 'Settings',
] as const;

/** A document kind, as `kind:` names it. */
export type Kind = (typeof KINDS)[number];

const severity = z.enum(['low', 'medium', 'high', 'critical']);

const apiVersion = z.literal(API_VERSION);

const plainMetadata = strict({ name, description: text.optional() });

function document<K extends Kind, M extends z.ZodType, S extends z.ZodType>(
  kind: K,
  metadata: M,
  spec: S,
) {
  return strict({ apiVersion, kind: z.literal(kind), metadata, spec });
}

const profileSpec = strict({
  remediation: z.enum(['alert', 'rollback', 'quarantine']).optional(),
  defaultDeny: z.boolean().optional(),
  ingress: z.array(ingressAllow).optional(),
  egress: z.array(egressAllow).optional(),
  require: z.array(requireRule).optional(),
  deny: z.array(denyRule).optional(),
});

const profile = document('Profile', strict({
  name,
  layer: z.enum(['tier', 'role', 'overlay']),
  version: intIn(0, Number.MAX_SAFE_INTEGER, 'a whole number ≥ 0'),
  owner: text.optional(),
  description: text.optional(),
}), profileSpec);

const cidrSet = document('CidrSet', plainMetadata, strict({
  cidrs: z.array(cidr).min(1),
}));

const prefixListName = text.superRefine((value, ctx) => {
  const problem = placeholderProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const prefixListAlias = document('PrefixListAlias', plainMetadata, strict({
  prefixListName: prefixListName.optional(),
  ids: z.array(awsId('pl')).min(1).optional(),
}).superRefine((spec, ctx) => {
  const both = spec.prefixListName !== undefined && spec.ids !== undefined;
  if (both || (spec.prefixListName === undefined && spec.ids === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: both ? ['ids'] : [],
      message: `${both ? 'a PrefixListAlias with both' : 'names neither'} ` +
        'prefixListName and ids (expected exactly one of them)',
      params: { whole: both, at: 'key' },
    });
  }
}));

/** An account id: 12 digits (a YAML number keeps its digits if 12). */
const account = readWith((value) => {
  const digits = typeof value === 'number' ? String(value) : value;
  if (typeof digits === 'string' && /^\d{12}$/.test(digits)) return digits;
  const hint = typeof value === 'number'
    ? '; quote it so YAML keeps leading zeros'
    : '';
  return new Problem(
    `${show(value)} is not an account id (expected 12 digits${hint})`,
  );
});

const exemption = document('Exemption', plainMetadata, strict({
  match: strict({
    account,
    group: awsId('sg'),
    rule: awsId('sgr').optional(),
  }),
  expires: instant,
  reason: text,
  approvedBy: text,
}));

const tagValue = z.string();

const settings = document('Settings', plainMetadata, strict({
  bindingTagKey: text.optional(),
  attachments: z.array(strict({
    tags: z.record(text, tagValue).refine(
      (tags) => Object.keys(tags).length > 0,
      'is empty (expected at least one tag)',
    ),
    profile: name,
  })).optional(),
  unboundGroups: strict({
    severity: severity.optional(),
    vpcs: z.array(awsId('vpc')).optional(),
  }).optional(),
  rollout: strict({
    waves: z.array(strict({
      name,
      accounts: z.union([z.literal('all'),
        z.array(matching(/^\d{12}$/, 'a 12-digit account id')).min(1)]),
    })).min(1),
    maxWritesPerWave: intIn(1, 1_000_000).optional(),
    soakMinutes: intIn(0, 525_600).optional(),
  }).optional(),
}));

/** The schema of each kind of document. */
export const DOCUMENTS = {
  Profile: profile,
  CidrSet: cidrSet,
  PrefixListAlias: prefixListAlias,
  Exemption: exemption,
  Settings: settings,
} as const;

/** A Profile document as read. */
export type ProfileDoc = z.output<typeof profile>;
/** A CidrSet document as read. */
export type CidrSetDoc = z.output<typeof cidrSet>;
/** A PrefixListAlias document as read. */
export type PrefixListAliasDoc = z.output<typeof prefixListAlias>;
/** An Exemption document as read. */
export type ExemptionDoc = z.output<typeof exemption>;
/** A Settings document as read. */
export type SettingsDoc = z.output<typeof settings>;

/** A document read without error, tagged by its kind. */
export type Doc =
  | ProfileDoc
  | CidrSetDoc
  | PrefixListAliasDoc
  | ExemptionDoc
  | SettingsDoc;

/**
 * What any document must look like when its kind is missing or unknown, so
 * that the rest of it is still checked as far as it can be.
 */
export const envelope = strict({
  apiVersion,
  kind: z.enum(KINDS),
  metadata: z.unknown(),
  spec: z.unknown(),
});
