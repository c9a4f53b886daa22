/** Which way traffic flows through a security group rule. */
export type Direction = 'ingress' | 'egress';

/** An inclusive range of ports, or of ICMP types. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * An IPv4 or IPv6 CIDR block with its first and last address. IPv4 bounds
 * are numbers and IPv6 bounds are bigints; blocks of different families are
 * never compared.
 */
export interface CidrBlock {
  readonly family: 4 | 6;
  /** The block as written, e.g. `10.0.0.0/8`. */
  readonly text: string;
  readonly prefix: number;
  readonly first: number | bigint;
  readonly last: number | bigint;
}

/** The other side of an actual rule: one CIDR, prefix list or group. */
export type Peer =
  | { readonly kind: 'cidr'; readonly block: CidrBlock }
  | { readonly kind: 'prefixList'; readonly id: string }
  | {
      readonly kind: 'group';
      readonly groupId: string;
      /** The account owning the referenced group, when AWS names it. */
      readonly ownerId?: string;
    };

/**
 * One normalised security group permission: one direction, one protocol,
 * one port range, one peer. Both shapes EC2 returns (grouped permissions of
 * DescribeSecurityGroups and the one-per-rule DescribeSecurityGroupRules)
 * normalise to identical rules, apart from the rule id that only the second
 * shape carries.
 */
export interface Rule {
  readonly groupId: string;
  readonly direction: Direction;
  /** IP protocol number; -1 is every protocol. */
  readonly protocol: number;
  /**
   * tcp and udp: the port range. icmp and icmpv6: the range of ICMP types
   * (0-255 for every type). Every other protocol: 0-65535.
   */
  readonly ports: PortRange;
  /** icmp and icmpv6 only: the range of codes (0-255 for every code). */
  readonly icmpCodes?: PortRange;
  readonly peer: Peer;
  /** The `sgr-` id, when the rule was read with its id. */
  readonly ruleId?: string;
  readonly description?: string;
}
