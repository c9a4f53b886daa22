import { describe, expect, it } from 'vitest';
import {
  parseEvent,
  type Change,
  type ParseResult,
} from '../../../shared/events/index.ts';
import { OPTIONS, withDetail } from './helpers.ts';

const BROKER = 'sg-0a1b2c3d4e5f60718';

/** The change of a result that must be one. */
function changeOf(result: ParseResult): Change {
  if (result.decision !== 'evaluate') {
    throw new Error(`expected a change, got ${JSON.stringify(result)}`);
  }
  return result.change;
}

/** The flat-form fixture with other request parameters. */
function flat(request: Record<string, unknown>) {
  return withDetail('AuthorizeSecurityGroupIngress', 'flat', (detail) => {
    detail.requestParameters = { groupId: BROKER, ...request };
  });
}

/** The items-form fixture with one permission replaced. */
function item(permission: Record<string, unknown>) {
  return withDetail('AuthorizeSecurityGroupIngress', 'ip-permissions',
    (detail) => {
      detail.requestParameters.ipPermissions.items = [permission];
    });
}

describe('permissions', () => {
  it.each([
    ['tcp', 6], ['TCP', 6], ['6', 6], ['udp', 17], ['icmp', 1],
    ['icmpv6', 58], ['58', 58], ['-1', -1], [-1, -1], ['50', 50],
  ])('reads the protocol %j as %i', (ipProtocol, number) => {
    const change = changeOf(parseEvent(item({ ipProtocol }), OPTIONS));

    expect(change.permissions).toEqual([{ protocol: number, peers: [] }]);
  });

  it.each([
    ['22', 22], ['0', 0], ['-1', -1], ['65535', 65535], [443, 443],
  ])('reads the port %j as %i', (fromPort, number) => {
    const event = item({ ipProtocol: 'tcp', fromPort, toPort: fromPort });
    const [permission] = changeOf(parseEvent(event, OPTIONS)).permissions;

    expect(permission).toMatchObject({ fromPort: number, toPort: number });
  });

  it.each([
    '', ' 22', '22 ', '22.0', '1e3', '0x16', '-2', '65536', 'ssh', '٢٢',
  ])('rejects the port %j', (fromPort) => {
    const result = parseEvent(item({ ipProtocol: 'tcp', fromPort }), OPTIONS);

    expect(result).toMatchObject({ decision: 'invalid', problems: [{
      path: '$.detail.requestParameters.ipPermissions.items[0].fromPort',
      message: expect.stringMatching(/^expected a port from -1 to 65535/),
    }] });
  });

  it.each([
    [22.5], [true], [null], [{}], [[22]], [Number.NaN],
  ])('rejects the port %j', (fromPort) => {
    const result = parseEvent(item({ ipProtocol: 'tcp', fromPort }), OPTIONS);

    expect(result.decision).toBe('invalid');
  });

  it('reads every kind of peer of one permission', () => {
    const event = item({
      ipProtocol: 'tcp', fromPort: 5432, toPort: 5432,
      ipRanges: { items: [{ cidrIp: '10.0.0.0/8', description: 'vpc' }] },
      ipv6Ranges: { items: [{ cidrIpv6: 'fd00::/8' }] },
      prefixListIds: { items: [{ prefixListId: 'pl-12345678' }] },
      groups: { items: [
        { groupId: 'sg-0123456789abcdef0', userId: '444455556666' },
        { groupName: 'default' },
      ] },
    });

    expect(changeOf(parseEvent(event, OPTIONS)).permissions).toEqual([{
      protocol: 6, fromPort: 5432, toPort: 5432, peers: [
        { kind: 'cidr', cidr: '10.0.0.0/8', description: 'vpc' },
        { kind: 'cidr', cidr: 'fd00::/8' },
        { kind: 'prefixList', prefixListId: 'pl-12345678' },
        { kind: 'group', groupId: 'sg-0123456789abcdef0',
          userId: '444455556666' },
        { kind: 'group', groupName: 'default' },
      ],
    }]);
  });

  it('rejects a group peer that names no group', () => {
    const event = item({ ipProtocol: 'tcp', groups: { items: [{}] } });

    expect(parseEvent(event, OPTIONS)).toMatchObject({ problems: [{
      path: '$.detail.requestParameters.ipPermissions.items[0].groups' +
        '.items[0]',
      message: 'names no group: expected groupId or groupName',
    }] });
  });

  it('reads the flat form with ports as strings', () => {
    const event = flat({ ipProtocol: 'tcp', fromPort: '8080',
      toPort: '8081', cidrIp: '192.0.2.0/24' });

    expect(changeOf(parseEvent(event, OPTIONS)).permissions).toEqual([{
      protocol: 6, fromPort: 8080, toPort: 8081,
      peers: [{ kind: 'cidr', cidr: '192.0.2.0/24' }],
    }]);
  });

  it('reads a flat grant to a source group, which names no protocol', () => {
    const event = flat({ sourceSecurityGroupName: 'lb',
      sourceSecurityGroupOwnerId: '111122223333' });

    expect(changeOf(parseEvent(event, OPTIONS)).permissions).toEqual([{
      peers: [{ kind: 'group', groupName: 'lb', userId: '111122223333' }],
    }]);
  });

  it('reads both forms when a request carries both', () => {
    const event = flat({
      ipProtocol: 'udp', fromPort: 53, toPort: 53, cidrIp: '10.0.0.2/32',
      ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 53,
        toPort: 53, ipRanges: { items: [{ cidrIp: '10.0.0.2/32' }] } }] },
    });

    expect(changeOf(parseEvent(event, OPTIONS)).permissions
      .map((p) => p.protocol)).toEqual([6, 17]);
  });

  it('reads a request with no permissions as naming none', () => {
    const event = flat({ ipPermissions: {} });

    expect(changeOf(parseEvent(event, OPTIONS)).permissions).toEqual([]);
  });
});

describe('ModifySecurityGroupRules', () => {
  function modify(rules: unknown) {
    return withDetail('ModifySecurityGroupRules', 'pascal-case', (detail) => {
      detail.requestParameters.ModifySecurityGroupRulesRequest
        .SecurityGroupRule = rules;
    });
  }

  it('reads several rules given as an array', () => {
    const event = modify([
      { SecurityGroupRuleId: 'sgr-0000000000000000a', SecurityGroupRule: {
        IpProtocol: '-1', PrefixListId: 'pl-12345678' }, tag: 1 },
      { SecurityGroupRuleId: 'sgr-0000000000000000b', SecurityGroupRule: {
        IpProtocol: 'udp', FromPort: '53', ToPort: '53',
        ReferencedGroupId: 'sg-0123456789abcdef0' }, tag: 2 },
    ]);
    const change = changeOf(parseEvent(event, OPTIONS));

    expect(change.ruleIds)
      .toEqual(['sgr-0000000000000000a', 'sgr-0000000000000000b']);
    expect(change.permissions).toEqual([
      { protocol: -1, ruleId: 'sgr-0000000000000000a',
        peers: [{ kind: 'prefixList', prefixListId: 'pl-12345678' }] },
      { protocol: 17, fromPort: 53, toPort: 53,
        ruleId: 'sgr-0000000000000000b',
        peers: [{ kind: 'group', groupId: 'sg-0123456789abcdef0' }] },
    ]);
    expect(change.direction).toBeUndefined();
  });

  it('reads an IPv6 rule', () => {
    const event = modify({ SecurityGroupRuleId: 'sgr-0000000000000000c',
      SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
        CidrIpv6: '::/0' } });

    expect(changeOf(parseEvent(event, OPTIONS)).permissions[0]?.peers)
      .toEqual([{ kind: 'cidr', cidr: '::/0' }]);
  });

  it.each([
    ['a rule without its id', { SecurityGroupRule: { IpProtocol: 'tcp' } },
      '.SecurityGroupRule.SecurityGroupRuleId'],
    ['an array member without its id', [{ SecurityGroupRuleId: 'sgr-1' },
      {}], '.SecurityGroupRule[1].SecurityGroupRuleId'],
    ['a port that is an odd string', { SecurityGroupRuleId: 'sgr-1',
      SecurityGroupRule: { FromPort: 'all' } },
    '.SecurityGroupRule.SecurityGroupRule.FromPort'],
  ])('rejects %s', (_, rules, where) => {
    const result = parseEvent(modify(rules), OPTIONS);

    expect(result).toMatchObject({ decision: 'invalid', problems: [{
      path: '$.detail.requestParameters.ModifySecurityGroupRulesRequest' +
        where,
    }] });
  });

  it('rejects a request without its PascalCase wrapper', () => {
    const event = withDetail('ModifySecurityGroupRules', 'pascal-case',
      (detail) => {
        detail.requestParameters = { groupId: BROKER };
      });

    expect(parseEvent(event, OPTIONS)).toMatchObject({ problems: [{
      path: '$.detail.requestParameters.ModifySecurityGroupRulesRequest',
    }] });
  });
});

describe('groups named by name', () => {
  it('takes the id from the response when the request names a group', () => {
    const event = withDetail('AuthorizeSecurityGroupIngress', 'group-name',
      (detail) => {
        detail.responseElements.securityGroupRuleSet = { items: [
          { groupId: 'sg-0123456789abcdef0',
            securityGroupRuleId: 'sgr-0123456789abcdef0' },
        ] };
      });
    const change = changeOf(parseEvent(event, OPTIONS));

    expect(change.groupIds).toEqual(['sg-0123456789abcdef0']);
    expect(change.groupNames).toEqual([]);
  });

  it('takes a deleted group\'s id from the response', () => {
    const event = withDetail('DeleteSecurityGroup', 'group-name',
      (detail) => {
        detail.responseElements.groupId = 'sg-0123456789abcdef0';
      });

    expect(changeOf(parseEvent(event, OPTIONS))).toMatchObject({
      groupIds: ['sg-0123456789abcdef0'], groupNames: [],
      deletedGroup: { groupId: 'sg-0123456789abcdef0', groupName: 'web' },
    });
  });

  it('names the groups of a launch by name when no id is known', () => {
    const event = withDetail('RunInstances', 'group-set', (detail) => {
      detail.requestParameters.groupSet = { items: [{ groupName: 'web' }] };
      detail.responseElements = null;
    });

    expect(changeOf(parseEvent(event, OPTIONS))).toMatchObject({
      groupIds: [], groupNames: [{ name: 'web' }], instanceIds: [],
    });
  });
});

describe('attributes and tags', () => {
  it.each([
    ['groupSet', 'evaluate'],
    ['instanceType', 'ignore'],
  ])('reads ModifyInstanceAttribute of attribute %s: %s', (attribute,
    decision) => {
    const event = withDetail('ModifyInstanceAttribute', 'user-data',
      (detail) => {
        detail.requestParameters = { instanceId: 'i-0123456789abcdef0',
          attribute, value: 'x' };
      });
    const result = parseEvent(event, OPTIONS);

    expect(result.decision).toBe(decision);
    if (result.decision === 'ignore') {
      expect(result.reason).toMatch(/changes instanceType of i-0123/);
    }
  });

  it('evaluates an interface whose group set is written empty', () => {
    const event = withDetail('ModifyNetworkInterfaceAttribute', 'group-set',
      (detail) => { detail.requestParameters.groupSet = {}; });

    expect(changeOf(parseEvent(event, OPTIONS))).toMatchObject({
      groupIds: [], networkInterfaceIds: ['eni-0b6a5f4e3d2c1b0a9'],
    });
  });

  it('keeps only the security groups of tags on mixed resources', () => {
    const event = withDetail('CreateTags', 'security-group', (detail) => {
      detail.requestParameters.resourcesSet = { items: [
        { resourceId: 'i-0123456789abcdef0' }, { resourceId: BROKER },
      ] };
    });

    expect(changeOf(parseEvent(event, OPTIONS)).tagChange)
      .toMatchObject({ groupIds: [BROKER] });
  });

  it('reads a DeleteTags of every tag', () => {
    const event = withDetail('DeleteTags', 'security-group', (detail) => {
      delete detail.requestParameters.tagSet;
    });
    const change = changeOf(parseEvent(event, OPTIONS));

    expect(change.tagChange?.tags).toEqual([]);
    expect(change.reason).toMatch(/^DeleteTags of every tag on sg-/);
  });

  it('names at most five resources of an ignored tag event', () => {
    const event = withDetail('CreateTags', 'instance', (detail) => {
      detail.requestParameters.resourcesSet = { items: Array.from(
        { length: 8 }, (_, i) => ({ resourceId: `vol-${i}` })) };
    });

    expect(parseEvent(event, OPTIONS)).toMatchObject({ reason:
      'CreateTags on vol-0, vol-1, vol-2, vol-3, vol-4 and 3 more: ' +
      'none of them is a security group' });
  });
});
