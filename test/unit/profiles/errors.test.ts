import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import { at, profile, writeFolder } from './helpers.ts';

// Line 8 of a profile() document is the first spec line; the rule below
// puts `- id` on 9, protocol on 10, ports on 11 and from on 12.
function ingress(fields: {
  protocol?: string;
  ports?: string;
  from?: string;
}): string {
  return [
    '  ingress:',
    '    - id: a',
    `      protocol: ${fields.protocol ?? 'tcp'}`,
    ...(fields.ports === undefined ? [] : [`      ports: ${fields.ports}`]),
    `      from: ${fields.from ?? '{ cidr: 10.0.0.0/8 }'}`,
  ].join('\n');
}

const tier = (spec: string) => ({
  'tier.yaml': profile('prod', 'tier', spec),
});

const exemption = (spec: string) => ({
  'exemption.yaml': 'apiVersion: driftguard/v1\nkind: Exemption\n' +
    `metadata: { name: ex }\nspec:\n${spec}\n`,
});

type Case = [string, Record<string, string>, string, RegExp];

const CASES: Case[] = [
  ['malformed YAML', tier('  ingress: [1, 2\n  egress: []'),
    'tier.yaml:9:3', /malformed YAML: .*end with a \]/],
  ['a duplicate key', tier('  defaultDeny: true\n  defaultDeny: false'),
    'tier.yaml:9:3', /duplicate key "defaultDeny" \(first at line 8/],
  ['an unknown key at the top', { 'x.yaml': profile('p', 'tier', '  {}') +
    'extra: 1\n' }, 'x.yaml:9:1',
  /unknown key "extra" \(expected one of: apiVersion, kind, metadata, spec\)/],
  ['an unknown key in metadata', { 'x.yaml': profile('p', 'tier', '  {}',
    '  ownr: me') }, 'x.yaml:7:3',
  /unknown key "ownr" \(expected one of: name, layer, version, owner, desc/],
  ['an unknown key in spec', tier('  defaultdeny: true'), 'tier.yaml:8:3',
    new RegExp('unknown key "defaultdeny" \\(expected one of: remediation, ' +
      'defaultDeny, ingress, egress, require, deny\\)')],
  ['an unknown key in a rule',
    tier(`${ingress({ ports: '22' })}\n      sevrity: low`),
    'tier.yaml:13:7', /unknown key "sevrity" \(expected one of: id, proto/],
  ['an unknown kind', { 'x.yaml': 'apiVersion: driftguard/v1\n' +
    'kind: Profiles\nmetadata: { name: x }\nspec: {}\n' }, 'x.yaml:2:7',
  /kind "Profiles" is not valid \(expected one of: Profile, CidrSet, Prefix/],
  ['a wrong apiVersion', { 'x.yaml': profile('p', 'tier', '  {}')
    .replace('driftguard/v1', 'driftguard/v2') }, 'x.yaml:1:13',
  /apiVersion "driftguard\/v2" is not valid \(expected driftguard\/v1\)/],
  ['an invalid CIDR', tier(ingress({ ports: '22',
    from: '{ cidr: 10.0.0.300/8 }' })), 'tier.yaml:12:21',
  /cidr "10\.0\.0\.300\/8" is not a CIDR block \(expected an IPv4 block/],
  ['a CIDR with host bits', tier(ingress({ ports: '22',
    from: '{ cidr: 10.1.2.3/8 }' })), 'tier.yaml:12:21',
  /cidr 10\.1\.2\.3\/8 has host bits set beyond \/8; .* 10\.0\.0\.0\/8/],
  ['ports out of range', tier(ingress({ ports: '70000' })), 'tier.yaml:11:14',
    /ports 70000 is out of range \(expected 0-65535\)/],
  ['a backwards port range', tier(ingress({ ports: '9093-9092' })),
    'tier.yaml:11:14', /ports "9093-9092" runs backwards/],
  ['ports on every protocol', tier(ingress({ protocol: 'all', ports: '443' })),
    'tier.yaml:11:14', /ports 443 cannot be set on an all-protocols rule/],
  ['ports on another protocol', tier(ingress({ protocol: '50',
    ports: '1-2' })), 'tier.yaml:11:14',
  /ports "1-2" cannot be set on protocol 50/],
  ['tcp without ports', tier(ingress({})), 'tier.yaml:9:7',
    /missing required key "ports" \(tcp rules name their ports/],
  ['an ICMP type out of range', tier(ingress({ protocol: 'icmp',
    ports: '300' })), 'tier.yaml:11:14',
  /ports 300 is out of range for an ICMP/],
  ['an unknown protocol', tier(ingress({ protocol: 'tcpp', ports: '1' })),
    'tier.yaml:10:17', /protocol "tcpp" is not a protocol \(expected tcp, udp/],
  ['an unknown peer kind', tier(ingress({ ports: '22',
    from: '{ cidrs: 10.0.0.0/8 }' })), 'tier.yaml:12:15',
  /unknown peer kind "cidrs" \(expected one of: cidr, cidrSet, prefixList, pr/],
  ['two peer keys', tier(ingress({ ports: '22',
    from: '{ cidr: 10.0.0.0/8, self: true }' })), 'tier.yaml:12:33',
  /"cidr" and "self" are two peers \(expected exactly one of/],
  ['a peer that is not a mapping', tier(ingress({ ports: '22',
    from: '10.0.0.0/8' })), 'tier.yaml:12:13',
  /from "10\.0\.0\.0\/8" is a string \(expected a mapping like \{ cidr/],
  ['a group id that is not one', tier(ingress({ ports: '22',
    from: '{ group: web }' })), 'tier.yaml:12:22',
  /group "web" is not valid \(expected sg- followed by hex digits/],
  ['an unknown deny peer', tier('  deny:\n    - id: d\n' +
    '      direction: both\n      protocol: all\n      peer: publc'),
  'tier.yaml:12:13',
  /peer "publc" is not a peer \(expected public, any, or a mapping/],
  ['a require with the other peer key', tier('  require:\n    - id: r\n' +
    '      direction: egress\n      protocol: udp\n      ports: 53\n' +
    '      from: { self: true }'), 'tier.yaml:13:7',
  /"from" on an egress require \(expected "to"\)/],
  ['a negative version', { 'x.yaml': profile('p', 'tier', '  {}')
    .replace('version: 1', 'version: -1') }, 'x.yaml:6:12',
  /version -1 is out of range/],
  ['a missing name', { 'x.yaml': 'apiVersion: driftguard/v1\n' +
    'kind: CidrSet\nmetadata:\n  description: d\nspec: { cidrs: [] }\n' },
  'x.yaml:3:1', /missing required key "name"/],
  ['an empty CIDR set', { 'x.yaml': 'apiVersion: driftguard/v1\n' +
    'kind: CidrSet\nmetadata: { name: s }\nspec: { cidrs: [] }\n' },
  'x.yaml:4:16', /cidrs is empty \(expected at least 1 item\)/],
  ['an alias with both a name and ids', { 'x.yaml': 'apiVersion: ' +
    'driftguard/v1\nkind: PrefixListAlias\nmetadata: { name: a }\n' +
    'spec: { prefixListName: x, ids: [pl-0abc] }\n' }, 'x.yaml:4:28',
  /a PrefixListAlias with both prefixListName and ids \(expected exactly one/],
  ['an alias with an unknown placeholder', { 'x.yaml': 'apiVersion: ' +
    'driftguard/v1\nkind: PrefixListAlias\nmetadata: { name: a }\n' +
    'spec: { prefixListName: "com.amazonaws.{Region}.s3" }\n' },
  'x.yaml:4:25', new RegExp('prefixListName "com\\.amazonaws\\.\\{Region\\}' +
    '\\.s3" holds \\{Region\\} \\(expected no placeholder but \\{region\\}')],
  ['an exemption without expires', exemption(
    '  match: { account: "123456789012", group: sg-0abc }\n' +
    '  reason: r\n  approvedBy: a'), 'exemption.yaml:4:1',
  /missing required key "expires"/],
  ['an exemption expiring on no real date', exemption(
    '  match: { account: "123456789012", group: sg-0abc }\n' +
    '  expires: 2027-02-30\n  reason: r\n  approvedBy: a'),
  'exemption.yaml:6:12', /expires "2027-02-30" is not a date \(expected an RF/],
  ['an account id YAML read as a short number', exemption(
    '  match: { account: 012345678901, group: sg-0abc }\n' +
    '  expires: 2027-01-01\n  reason: r\n  approvedBy: a'),
  'exemption.yaml:5:21', /account 12345678901 is not an account id .*quote/],
  ['two documents in a file', { 'x.yaml': profile('p', 'tier', '  {}') +
    '---\nkind: Profile\n' }, 'x.yaml:9:1',
  /a second YAML document starts here \(expected one document per file\)/],
];

describe('loadProfiles errors', () => {
  it.each(CASES)('reports %s at its position', async (_, files, pos, gist) => {
    const dir = await writeFolder(files);

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(bundle).toBeUndefined();
    expect(diagnostics.map((d) => `${d.level} ${at(d)}: ${d.message}`))
      .toContainEqual(expect.stringMatching(
        new RegExp(`^error ${pos}: ${gist.source}`),
      ));
  });
});

const settings = (spec: string) => 'apiVersion: driftguard/v1\n' +
  `kind: Settings\nmetadata: { name: s }\nspec:\n${spec}\n`;

const CROSS: Case[] = [
  ['a duplicate profile name', {
    'a.yaml': profile('prod', 'tier', '  {}'),
    'b/c.yaml': profile('prod', 'role', '  {}'),
  }, 'b/c.yaml:4:9',
  /duplicate Profile name "prod" \(also at a\.yaml:4; expected each name/],
  ['a duplicate rule id', tier(`${ingress({ ports: '22' })}\n` +
    '  deny:\n    - id: a\n      direction: both\n      protocol: all\n' +
    '      peer: any'), 'tier.yaml:14:11',
  /duplicate rule id "a" in profile prod \(first at line 9;/],
  ['an unknown profile', tier(ingress({ ports: '22',
    from: '{ profile: clinet }' })), 'tier.yaml:12:24',
  /unknown profile "clinet" \(no Profile document has that name\)/],
  ['an unknown CIDR set', tier(ingress({ ports: '22',
    from: '{ cidrSet: corp }' })), 'tier.yaml:12:24',
  /unknown CIDR set "corp" \(no CidrSet document has that name\)/],
  ['an unknown prefix-list alias', tier(ingress({ ports: '22',
    from: '{ prefixList: s3 }' })), 'tier.yaml:12:27',
  /unknown prefix list alias "s3" \(.*; a pl- id needs none\)/],
  ['an unknown profile in Settings', { 's.yaml': settings(
    '  attachments:\n    - tags: { env: prod }\n      profile: prod') },
  's.yaml:7:16', /unknown profile "prod"/],
  ['a second Settings', {
    'a.yaml': settings('  bindingTagKey: a'),
    'b.yaml': settings('  bindingTagKey: b'),
  }, 'b.yaml:3:19',
  /a second Settings document \(the first is at a\.yaml:3; expected at most/],
];

describe('loadProfiles checks across documents', () => {
  it.each(CROSS)('reports %s at its position', async (_, files, pos, gist) => {
    const dir = await writeFolder(files);

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(bundle).toBeUndefined();
    expect(diagnostics.map((d) => `${d.level} ${at(d)}: ${d.message}`))
      .toEqual([expect.stringMatching(
        new RegExp(`^error ${pos}: ${gist.source}`),
      )]);
  });

  it('accepts a pl- id without an alias', async () => {
    const dir = await writeFolder(tier(ingress({ ports: '22',
      from: '{ prefixList: pl-0abc }' })));

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(diagnostics).toEqual([]);
    expect(bundle?.profiles.prod?.allows[0]?.peer)
      .toEqual({ kind: 'prefixList', ref: 'pl-0abc' });
  });

  it('does not report references to a profile that has errors', async () => {
    const dir = await writeFolder({
      'a.yaml': profile('client', 'role', '  defaultDeny: maybe'),
      'b.yaml': profile('prod', 'tier', ingress({ ports: '22',
        from: '{ profile: client }' })),
    });

    const { diagnostics } = await loadProfiles(dir);

    expect(diagnostics.map(at)).toEqual(['a.yaml:8:16']);
  });

  it('reports every error of every file, in file order', async () => {
    const dir = await writeFolder({
      'z.yaml': 'kind: [\n',
      'a.yaml': profile('prod', 'tier', ingress({ ports: '70000',
        from: '{ cidr: 10.0.0.300/8 }' })),
      'm/n.yaml': profile('role', 'roel', '  remediation: never'),
    });

    const { bundle, diagnostics } = await loadProfiles(dir);

    expect(bundle).toBeUndefined();
    expect(diagnostics.map((d) => `${at(d)} ${d.message.split(' ')[0]}`))
      .toEqual([
        'a.yaml:11:14 ports',
        'a.yaml:12:21 cidr',
        'm/n.yaml:5:10 layer',
        'm/n.yaml:8:16 remediation',
        'z.yaml:2:1 malformed',
      ]);
  });
});
