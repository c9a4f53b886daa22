import type { EniSpec } from './interfaces.ts';
import { VPCS } from './network.ts';
import type { BuiltGroup } from './security-groups.ts';
import {
  cleanTable,
  countTable,
  groupTable,
  interfaceTable,
} from './expected.ts';

const INTRO = `# Expected findings of the example account

\`examples/account.json\` and this page are both written by
\`node examples/generate-account.ts\`, from the catalogue in
\`examples/generator/\` (groups in \`groups-*.ts\`, interfaces in
\`enis.ts\`). Every id is derived from names, so the ids below match the
snapshot; edit the catalogue and regenerate rather than editing either file.
\`node examples/check-account.ts\` checks that both are up to date and that
the snapshot is consistent.

\`npm start\` sweeps the snapshot offline against \`examples/profiles/\`:
account \`111122223333\`, region \`eu-west-1\`.

## How to read this

- **One finding per rule.** A rule a deny matches is \`denied-rule\` even when
  it is also unapproved. Where several denies match one rule, "decided by"
  lists all of them; the engine reports the most severe as \`policyRule\`
  (ties go to the first by profile name, then rule id), with its severity:
  \`prod-no-public-ingress\` and every \`pci-*\` deny are critical, the
  others high.
- **defaultDeny.** Only \`pci\` sets it. An \`unapproved-rule\` on a pci group
  keeps its kind and has a higher severity than one on a group without pci;
  a \`denied-rule\` keeps the severity of its deny.
- **Remediation** (before the global mode caps it): prod-network alone
  rollback, with pci quarantine; staging-network alone alert, with hipaa
  rollback, with pci quarantine.
- **Bindings.** A group whose binding is invalid or names an unknown
  profile has that one finding and no rule findings, whatever its rules are.
  \`prod-audit-client\` is bound with \`" prod-network ,, client , "\`, which is
  valid: names are trimmed and empty entries ignored.
- **Settings** (\`profiles/settings.yaml\`): unbound groups are \`medium\` and
  only reported in the prod and staging VPCs. The sandbox (the account's
  default VPC) holds \`launch-wizard-2\`, which has no binding and gives no
  finding; no VPC's \`default\` group gives one either. Interfaces tagged
  \`env=prod\` need a group bound to \`prod-network\`, \`env=staging\` one bound
  to \`staging-network\`.
- **Exemptions** (\`profiles/exemptions/\`): \`partner-analytics-peering\`
  (until 2099-12-31) suppresses one rule of \`prod-events-brokers\`;
  \`legacy-canary-listener\` expired on 2026-06-30, so its rule on
  \`prod-checkout-client\` is reported again, beside the
  \`expired-exemption\` finding.
- **No conflicts.** No allow lies wholly inside a deny and no deny matches a
  require, for any tier-role-overlay combination: \`driftguard validate\`
  reports none and \`sweep\` reports no \`profile-conflict\`.

## What the snapshot exercises

- \`IpProtocol\` as AWS writes it: \`tcp\`, \`udp\`, \`icmp\`, \`-1\` and
  \`"50"\` (IPsec ESP, on \`staging-vpn\`). In \`IpPermissions\`, \`FromPort\`
  and \`ToPort\` are absent for \`-1\` and \`"50"\`; in
  \`SecurityGroupRules\` they are \`-1\`. For ICMP, \`FromPort\` is the
  type and \`ToPort\` the code (\`icmp 3/4\`: fragmentation needed;
  \`icmp 8\`: echo, any code).
- IPv6 ranges (the vendor control plane's \`2001:db8:c0::/56\`, \`::/0\`),
  prefix lists (S3 by name, DynamoDB by id), self references (every broker
  group, every \`default\` group), and a reference to a group in account
  \`444455556666\` over VPC peering.
- Groups without a single tag have no \`Tags\` key; rules added by hand in
  the console have no \`Description\`.
- Requester-managed interfaces: \`vpc_endpoint\` (no attachment), \`lambda\`
  and \`nat_gateway\` (no groups at all). One interface is detached
  (\`Status: available\`). Many interfaces carry two profiled groups.
`;

/** The whole of EXPECTED.md. */
export function renderExpected(groups: BuiltGroup[], enis: EniSpec[]) {
  const vpcIds = new Map(
    Object.entries(VPCS).map(([key, vpc]) => [key, vpc.id]),
  );
  return [
    INTRO,
    '## Findings on groups\n',
    ...groupTable(groups),
    '\n## Findings on interfaces\n',
    'For `foreign-group-attached` the group concerned is the unbound one.\n',
    ...interfaceTable(enis, groups),
    '\n## Counts\n',
    ...countTable(groups, enis),
    '\n## Groups with no finding\n',
    ...cleanTable(groups, vpcIds),
    '',
  ].join('\n');
}
