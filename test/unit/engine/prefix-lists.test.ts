import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Finding } from '../../../shared/engine/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';
import { bundleOf, profile } from '../profiles/helpers.ts';
import { fixtureBundle, S3_LIST, sg, SnapshotBuilder } from './helpers.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const WHERE = 'account 111122223333 region eu-west-1';
let bundle: IntentBundle;

beforeAll(async () => {
  bundle = await fixtureBundle();
});

/** A prod group with `rules`, its snapshot changed by `edit`. */
function judged(
  rules: string[],
  edit: (s: Snapshot) => void,
  on = bundle,
  binding = 'prod',
): Finding[] {
  const snapshot = new SnapshotBuilder().group(sg(1), binding, rules).build();
  edit(snapshot);
  return evaluate(snapshot, on, { now: NOW }).findings;
}

describe('evaluate, with prefix list aliases', () => {
  it('resolves {region} in an alias to the region swept', () => {
    const list = judged(['out tcp 443 pl-0aaaa1111'], (s) => {
      s.Region = 'us-east-1';
      s.PrefixLists = [{ PrefixListId: 'pl-0aaaa1111',
        PrefixListName: 'com.amazonaws.us-east-1.s3' }];
    });
    expect(list).toEqual([]);
  });

  it('names the alias, account and region when the snapshot has no ' +
    'prefix lists, and only alerts', () => {
    const [f, ...rest] = judged([`out tcp 443 ${S3_LIST}`], (s) => {
      delete s.PrefixLists;
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'unapproved-rule', severity: 'medium',
      action: 'alert' });
    expect(f!.message).toBe(`egress tcp 443 to ${S3_LIST} is not approved ` +
      'by any allow of prod; allow prod/https-to-s3 approves nothing here: ' +
      'prefix list alias s3 (com.amazonaws.eu-west-1.s3) cannot be ' +
      `resolved in ${WHERE}: the snapshot has no PrefixLists; only ` +
      `alerted, as ${S3_LIST} may be the list it means`);
  });

  it('says why when no list of the region has the name, and acts on a ' +
    'list it knows to be another', () => {
    const [f] = judged([`out tcp 443 ${S3_LIST}`], (s) => {
      s.PrefixLists = [{ PrefixListId: S3_LIST,
        PrefixListName: 'com.amazonaws.eu-west-2.s3' }];
    });
    expect(f).toMatchObject({ kind: 'unapproved-rule', action: 'rollback' });
    expect(f!.message).toContain('allow prod/https-to-s3 approves nothing ' +
      'here: prefix list alias s3 names com.amazonaws.eu-west-1.s3, which ' +
      `is no prefix list of ${WHERE}`);
  });

  it('adds no word about an alias that could not have approved the rule',
    () => {
      const [f] = judged([`out tcp 80 ${S3_LIST}`], (s) => {
        delete s.PrefixLists;
      });
      expect(f).toMatchObject({ kind: 'unapproved-rule', action: 'rollback' });
      expect(f!.message).toBe(`egress tcp 80 to ${S3_LIST} is not approved ` +
        'by any allow of prod');
    });

  it('alerts on a require of an alias that names no list here', async () => {
    const own = await bundleOf({
      'tier.yaml': profile('tier', 'tier', [
        '  remediation: rollback',
        '  require:',
        '    - id: s3-reachable',
        '      direction: egress',
        '      protocol: tcp',
        '      ports: 443',
        '      to: { prefixList: s3 }',
      ].join('\n')),
      's3.yaml': 'apiVersion: driftguard/v1\nkind: PrefixListAlias\n' +
        'metadata: { name: s3 }\n' +
        'spec: { prefixListName: "com.amazonaws.{region}.s3" }\n',
    });
    const [f, ...rest] = judged([], (s) => {
      s.PrefixLists = [];
    }, own, 'tier');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'missing-required-rule',
      policyRule: 's3-reachable', action: 'alert' });
    expect(f!.message).toBe('required egress tcp 443 to prefix list s3 ' +
      '(tier/s3-reachable) is missing, and cannot be put back: prefix list ' +
      `alias s3 names com.amazonaws.eu-west-1.s3, which is no prefix list ` +
      `of ${WHERE}`);
  });
});
