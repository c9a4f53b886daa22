import * as z from 'zod';
import {
  fullRange,
  hasPorts,
  isIcmp,
  protocolName,
} from '../../rules/index.ts';
import type { PortRange } from '../../rules/index.ts';
import { show } from './messages.ts';
import { name, ports, protocol, strict, text } from './fields.ts';
import type { PortsSpec } from './fields.ts';
import { allowPeer, denyPeer } from './peers.ts';

type Ctx = z.core.$RefinementCtx;

interface Traffic {
  protocol: number;
  ports?: PortsSpec | undefined;
}

function icmpProblem(spec: PortsSpec): string | undefined {
  if (spec === 'all') return undefined;
  if (spec.from !== spec.to) {
    return `${spec.from}-${spec.to} is a range of ICMP types ` +
      '(expected one type 0-255, or all)';
  }
  if (spec.to > 255) {
    return `${spec.to} is out of range for an ICMP type (expected 0-255)`;
  }
  return undefined;
}

function portsProblem(rule: Traffic): [string, boolean] | undefined {
  const spec = rule.ports;
  const name = protocolName(rule.protocol);
  if (hasPorts(rule.protocol)) {
    if (spec !== undefined) return undefined;
    return [`missing required key "ports" (${name} rules name their ` +
      'ports: N, "N-M" or all)', true];
  }
  if (spec === undefined) return undefined;
  if (isIcmp(rule.protocol)) {
    const problem = icmpProblem(spec);
    return problem ? [problem, false] : undefined;
  }
  if (spec === 'all') return undefined;
  const what = rule.protocol === -1
    ? 'an all-protocols rule'
    : `protocol ${rule.protocol}`;
  return [`${formatSpec(spec)} cannot be set on ${what} ` +
    '(only tcp, udp, icmp and icmpv6 have ports; expected all or none)',
  false];
}

function formatSpec(spec: PortRange): string {
  return spec.from === spec.to
    ? String(spec.from)
    : show(`${spec.from}-${spec.to}`);
}

/** Checks `ports` against `protocol` once both read well. */
function checkPorts(rule: Traffic, ctx: Ctx): void {
  const problem = portsProblem(rule);
  if (!problem) return;
  const [message, whole] = problem;
  ctx.addIssue({
    code: 'custom',
    path: ['ports'],
    message,
    params: { whole },
  });
}

function trafficReadWell(payload: { issues: readonly z.core.$ZodRawIssue[] }) {
  return !payload.issues.some((issue) => {
    const first = issue.path?.[0];
    return first === 'protocol' || first === 'ports';
  });
}

/** The rule's ports as stored: the protocol's full range for `all`. */
export function rangeOf(protocol: number, spec?: PortsSpec): PortRange {
  return spec === undefined || spec === 'all' ? fullRange(protocol) : spec;
}

const common = {
  id: name,
  protocol,
  ports: ports.optional(),
  description: text.optional(),
};

function withPorts<T extends z.ZodType<Traffic>>(schema: T) {
  return schema.superRefine(checkPorts, { when: trafficReadWell });
}

/** An ingress allow: traffic from a peer. */
export const ingressAllow = withPorts(strict({ ...common, from: allowPeer }));

/** An egress allow: traffic to a peer. */
export const egressAllow = withPorts(strict({ ...common, to: allowPeer }));

const requireShape = strict({
  ...common,
  direction: z.enum(['ingress', 'egress']),
  from: allowPeer.optional(),
  to: allowPeer.optional(),
});

type RequireShape = z.output<typeof requireShape>;

function checkRequirePeer(rule: RequireShape, ctx: Ctx): void {
  const [wanted, other] = rule.direction === 'ingress'
    ? ['from', 'to'] as const
    : ['to', 'from'] as const;
  if (rule[other] !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [other],
      message: `"${other}" on an ${rule.direction} require ` +
        `(expected "${wanted}")`,
      params: { whole: true, at: 'key' },
    });
  } else if (rule[wanted] === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [wanted],
      message: `missing required key "${wanted}" (an ${rule.direction} ` +
        `require names its peer with ${wanted})`,
      params: { whole: true },
    });
  }
}

function peersReadWell(payload: { issues: readonly z.core.$ZodRawIssue[] }) {
  return !payload.issues.some((issue) => {
    const first = issue.path?.[0];
    return first === 'direction' || first === 'from' || first === 'to';
  });
}

/** A rule that must be present; `from` when ingress, `to` when egress. */
export const requireRule = withPorts(requireShape)
  .superRefine(checkRequirePeer, { when: peersReadWell });

/** A guardrail: traffic that must never be allowed. */
export const denyRule = withPorts(strict({
  ...common,
  direction: z.enum(['ingress', 'egress', 'both']),
  peer: denyPeer,
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
}));

/** An ingress allow as read from a profile. */
export type IngressAllowSpec = z.output<typeof ingressAllow>;
/** An egress allow as read from a profile. */
export type EgressAllowSpec = z.output<typeof egressAllow>;
/** A require as read from a profile. */
export type RequireSpec = z.output<typeof requireRule>;
/** A deny as read from a profile. */
export type DenySpec = z.output<typeof denyRule>;
