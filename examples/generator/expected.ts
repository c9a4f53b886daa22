import type { EniSpec } from './interfaces.ts';
import { interfaceId } from './interfaces.ts';
import type { Expectation, RuleSpec } from './rules.ts';
import { SELF } from './rules.ts';
import type { BuiltGroup } from './security-groups.ts';

function traffic(rule: RuleSpec): string {
  const { protocol, ports } = rule;
  if (protocol === '-1') return 'all traffic';
  if (!ports) return `protocol ${protocol}`;
  const { from, to } = ports;
  if (protocol === 'icmp') {
    return from === -1 ? 'icmp all' : `icmp ${from}/${to}`;
  }
  return `${protocol} ${from === to ? from : `${from}-${to}`}`;
}

function peer(rule: RuleSpec, ids: Map<string, string>): string {
  const value = rule.peer;
  if ('cidr' in value) return value.cidr;
  if ('prefixList' in value) return value.prefixList;
  if ('foreignGroup' in value) {
    return `${value.foreignGroup} (account ${value.account})`;
  }
  if (value.group === SELF) return 'itself';
  return `${ids.get(value.group)} (${value.group})`;
}

/** "ingress tcp 22 from 0.0.0.0/0", for the tables. */
export function describeRule(rule: RuleSpec, ids: Map<string, string>) {
  const way = rule.egress ? 'egress' : 'ingress';
  const to = rule.egress ? 'to' : 'from';
  return `${way} ${traffic(rule)} ${to} ${peer(rule, ids)}`;
}

function kindCell(expect: Expectation): string {
  const kind = `\`${expect.kind}\``;
  if (!expect.suppressedBy) return kind;
  return `${kind}, suppressed by \`${expect.suppressedBy}\``;
}

const decidedBy = (expect: Expectation) =>
  (expect.policyRules ?? []).map((id) => `\`${id}\``).join(', ') || '-';

/** Quoted, so that stray spaces in a binding stay visible. */
const bindingCell = (binding?: string) =>
  binding === undefined ? '(none)' : `\`${JSON.stringify(binding)}\``;

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function groupRows(group: BuiltGroup, ids: Map<string, string>): string[] {
  const { spec, id } = group;
  const binding = bindingCell(spec.binding);
  const head = [`\`${id}\``, spec.name, binding];
  const onGroup = (spec.expect ?? []).map((expect) =>
    row([...head, kindCell(expect), '-', decidedBy(expect), expect.why]));
  const onRules = spec.rules.flatMap((rule, at) => {
    if (!rule.expect) return [];
    const what = `\`${group.ruleIds[at]}\` ${describeRule(rule, ids)}`;
    const expect = rule.expect;
    return [row([...head, kindCell(expect), what, decidedBy(expect),
      expect.why])];
  });
  return [...onRules, ...onGroup];
}

const drifted = (group: BuiltGroup) =>
  group.spec.expect !== undefined || group.spec.rules.some((r) => r.expect);

/** Group ids by name, per VPC, for naming referenced groups. */
function idsByName(groups: BuiltGroup[], vpc: string) {
  return new Map(groups.filter((group) => group.spec.vpc === vpc)
    .map((group) => [group.spec.name, group.id]));
}

/** The table of drifted groups, one row per expected finding. */
export function groupTable(groups: BuiltGroup[]): string[] {
  const header = [
    row(['group', 'name', 'binding', 'finding', 'rule', 'decided by', 'why']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  const rows = groups.filter(drifted).flatMap((group) =>
    groupRows(group, idsByName(groups, group.spec.vpc)));
  return [...header, ...rows];
}

/** The table of interfaces that must produce a finding. */
export function interfaceTable(specs: EniSpec[], groups: BuiltGroup[]) {
  const header = [
    row(['interface', 'Name', 'tags', 'groups', 'finding', 'why']),
    row(['---', '---', '---', '---', '---', '---']),
  ];
  const rows = specs.flatMap((spec) => (spec.expect ?? []).map((expect) => {
    const ids = idsByName(groups, spec.vpc);
    const carried = spec.groups.map((name) => `\`${ids.get(name)}\` ${name}`);
    const tags = spec.env ? `env=${spec.env}` : '-';
    return row([`\`${interfaceId(spec)}\``, spec.name, tags,
      carried.join(', '), kindCell(expect), expect.why]);
  }));
  return [...header, ...rows];
}

/** The groups that must produce no finding at all. */
export function cleanTable(groups: BuiltGroup[], vpcIds: Map<string, string>) {
  const header = [row(['group', 'name', 'VPC', 'binding']),
    row(['---', '---', '---', '---'])];
  const rows = groups.filter((group) => !drifted(group)).map(({ spec, id }) =>
    row([`\`${id}\``, spec.name, `${spec.vpc} (\`${vpcIds.get(spec.vpc)}\`)`,
      bindingCell(spec.binding)]));
  return [...header, ...rows];
}

/** How many findings of each kind, counting suppressed ones apart. */
export function countTable(groups: BuiltGroup[], specs: EniSpec[]) {
  const all = [
    ...groups.flatMap((group) => [
      ...(group.spec.expect ?? []),
      ...group.spec.rules.flatMap((rule) => rule.expect ?? []),
    ]),
    ...specs.flatMap((spec) => spec.expect ?? []),
  ];
  const counts = new Map<string, number>();
  for (const expect of all) {
    const suppressed = expect.suppressedBy !== undefined;
    const key = suppressed ? `${expect.kind} (suppressed)` : expect.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => row([`\`${kind}\``, String(count)]));
  return [row(['finding', 'count']), row(['---', '---:']), ...rows];
}
