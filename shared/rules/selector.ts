import type { CidrBlock, Direction, PortRange } from './types.ts';

/**
 * The peer a profile rule speaks of, compiled. Allows and requires use the
 * first six kinds; denies use `cidr`, `public`, `any` and `broaderThan`.
 * A `cidr` selector holds one block, or every member of a CIDR set.
 */
export type PeerSelector =
  | { readonly kind: 'cidr'; readonly blocks: readonly CidrBlock[] }
  | { readonly kind: 'prefixList'; readonly ref: string }
  | { readonly kind: 'profile'; readonly profile: string }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'self' }
  | { readonly kind: 'public' }
  | { readonly kind: 'any' }
  | {
      readonly kind: 'broaderThan';
      readonly ipv4?: number;
      readonly ipv6?: number;
    };

/** A profile rule (allow, deny or require) compiled for matching. */
export interface Selector {
  readonly direction: Direction | 'both';
  /** IP protocol number; -1 is every protocol. */
  readonly protocol: number;
  /** Ports or ICMP types; the full range for every protocol. */
  readonly ports: PortRange;
  readonly peer: PeerSelector;
}

/** What matching needs to know beyond the rule itself. */
export interface MatchContext {
  /** The group whose rule is judged; `self` means this id, nothing else. */
  readonly groupId: string;
  /** True when the group's binding names the profile. */
  hasProfile(groupId: string, profile: string): boolean;
  /** The prefix list ids an alias (or a `pl-` id) stands for here. */
  prefixListIds(ref: string): ReadonlySet<string>;
}
