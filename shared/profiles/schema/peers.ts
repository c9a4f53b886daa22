import * as z from 'zod';
import { show } from './messages.ts';
import {
  awsId,
  byType,
  cidr,
  intIn,
  matching,
  name,
  strict,
} from './fields.ts';

const prefixListRef = matching(
  /^(pl-[0-9a-f]+|[A-Za-z0-9][A-Za-z0-9._-]{0,127})$/,
  'a PrefixListAlias name or a pl- id',
);

const ALLOW_PEERS = {
  cidr: cidr.optional(),
  cidrSet: name.optional(),
  prefixList: prefixListRef.optional(),
  profile: name.optional(),
  group: awsId('sg').optional(),
  self: z.literal(true).optional(),
};

/**
 * Adds an issue unless the mapping names exactly one peer; a second key is
 * reported at its own position.
 */
function exactlyOne(kinds: readonly string[]) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const keys = Object.keys(value).filter((k) => kinds.includes(k));
    const accepted = kinds.join(', ');
    if (keys.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `names no peer (expected one of: ${accepted})`,
      });
    }
    for (const extra of keys.slice(1)) {
      ctx.addIssue({
        code: 'custom',
        path: [extra],
        message: `${show(keys[0])} and ${show(extra)} are two peers ` +
          `(expected exactly one of: ${accepted})`,
        params: { whole: true, at: 'key' },
      });
    }
  };
}

/** Runs the one-peer check on a mapping without unknown keys. */
function isMapping(payload: {
  value: unknown;
  issues: readonly z.core.$ZodRawIssue[];
}): boolean {
  const value = payload.value;
  const unknown = payload.issues.some((issue) =>
    issue.code === 'unrecognized_keys' && !issue.path?.length);
  return !unknown && typeof value === 'object' && value !== null &&
    !Array.isArray(value);
}

function peerMapping<S extends z.core.$ZodLooseShape>(shape: S) {
  const kinds = Object.keys(shape);
  const example = 'a mapping like { cidr: 10.0.0.0/8 }';
  return strict(shape, 'peer kind', example)
    .superRefine(exactlyOne(kinds), { when: isMapping });
}

/** `from` or `to` of an allow or require: one peer kind and its value. */
export const allowPeer = peerMapping(ALLOW_PEERS);

/** What an allow or require peer reads as. */
export type AllowPeerSpec = z.output<typeof allowPeer>;

const broaderThanLimits = strict({
  ipv4: intIn(0, 32).optional(),
  ipv6: intIn(0, 128).optional(),
}).superRefine((value, ctx) => {
  if (value.ipv4 === undefined && value.ipv6 === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'names no limit (expected ipv4, ipv6 or both)',
    });
  }
});

/** `broaderThan: N` (IPv4) or `{ ipv4: N, ipv6: M }`. */
const broaderThan = byType<{ ipv4?: number; ipv6?: number }>({
  number: intIn(0, 32).transform((ipv4) => ({ ipv4 })),
  object: broaderThanLimits,
}, 'a prefix length 0-32, or { ipv4: N, ipv6: M }');

const DENY_PEERS = {
  cidr: cidr.optional(),
  cidrSet: name.optional(),
  broaderThan: broaderThan.optional(),
};

const denyMapping = peerMapping(DENY_PEERS);

/** What a deny peer reads as: a word or a mapping. */
export type DenyPeerSpec = 'public' | 'any' | z.output<typeof denyMapping>;

const DENY_EXPECTED = 'public, any, or a mapping of one of: ' +
  Object.keys(DENY_PEERS).join(', ');

/** `peer` of a deny: `public`, `any`, or one of the mapping kinds. */
export const denyPeer = byType<DenyPeerSpec>({
  string: z.enum(['public', 'any'], {
    error: (issue) => `${show(issue.input)} is not a peer ` +
      `(expected ${DENY_EXPECTED})`,
  }),
  object: denyMapping,
}, DENY_EXPECTED);
