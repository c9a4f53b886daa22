import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { complianceMatrix } from '../../../cli/report/html-compliance.ts';
import { tierGaps } from '../../../cli/report/html-lacking.ts';
import { escapeHtml } from '../../../cli/report/html-markup.ts';
import { driftByGroup, rank } from '../../../cli/report/html-model.ts';
import { htmlReport } from '../../../cli/report/html.ts';
import type { Report } from '../../../cli/report/summary.ts';
import { ACCOUNT, cli, NOW, PROFILES } from './helpers.ts';
import {
  exampleSnapshot,
  HOSTILE_DESCRIPTION,
  HOSTILE_NAME,
  hostileSnapshot,
  reportOf,
  snapshotFile,
} from './html-helpers.ts';

const sweep = (...args: string[]) =>
  cli(['sweep', '--profiles', PROFILES, ...NOW, '--format', 'html', ...args]);

const ENTITIES: Record<string, string> = {
  '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'",
};

const unescape = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/** Every start tag of a page: its name and its attributes. */
function tags(page: string): { name: string; attrs: Map<string, string> }[] {
  const out = [];
  for (const tag of page.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const attrs = new Map<string, string>();
    for (const a of tag[2]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      attrs.set(a[1]!.toLowerCase(), unescape(a[2] ?? ''));
    }
    out.push({ name: tag[1]!.toLowerCase(), attrs });
  }
  return out;
}

/** Attributes whose value a browser fetches (or navigates to). */
const URL_ATTRIBUTES = ['src', 'href', 'srcset', 'action', 'formaction',
  'data', 'poster', 'xlink:href', 'background', 'manifest', 'ping'];

/** The text of an element's content with the tags taken out. */
const text = (markup: string) => markup.replace(/<wbr>/g, '')
  .replace(/<[^>]*>/g, ' ')
  .replace(/\s+/g, ' ').trim();

let report: Report;
let page: string;

beforeAll(async () => {
  report = await reportOf([await exampleSnapshot()]);
  page = htmlReport(report, { profilesDir: PROFILES });
});

describe('sweep --format html', () => {
  it('writes one complete document to stdout', async () => {
    const { code, stdout, stderr } = await sweep('--snapshot', ACCOUNT);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(stdout.trimEnd()).toMatch(/<\/html>$/);
    expect(stdout).toContain('<title>driftguard sweep: 111122223333 ' +
      'eu-west-1</title>');
  });

  it('writes the document to --out and says where', async () => {
    const dir = path.dirname(await snapshotFile(await exampleSnapshot()));
    const out = path.join(dir, 'report.html');
    const { code, stdout, stderr } = await sweep('--snapshot', ACCOUNT,
      '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wrote ${out}\n`);
    expect(await readFile(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('keeps the JSON report to findings and summary', async () => {
    const { stdout } = await cli(['sweep', '--profiles', PROFILES,
      '--snapshot', ACCOUNT, ...NOW, '--format', 'json']);
    expect(Object.keys(JSON.parse(stdout))).toEqual(['findings', 'summary']);
  });
});

describe('the HTML report', () => {
  it('heads the page with what was swept and counts by severity', () => {
    const head = text(/<header class="top">[\s\S]*?<\/header>/.exec(page)![0]);
    expect(head).toContain('accounts 1 regions 1 groups 42 rules 286 ' +
      'interfaces 60');
    expect(head).toContain(`intent version ${report.summary.intentVersion}`);
    expect(head).toContain('swept 2026-12-01 00:00:00 UTC');
    expect(head).toContain('30 findings 4 critical 13 high 13 medium 0 low');
    expect(head).toContain('1 suppressed by exemptions');
  });

  it('has its sections, tables with headers and a detail per group', () => {
    for (const id of ['matrix', 'lacking', 'charts', 'worst', 'detail']) {
      expect(page).toContain(`<section id="${id}"`);
    }
    const tables = page.match(/<table/g)!.length;
    expect(page.match(/<thead>/g)).toHaveLength(tables);
    expect(page.match(/<details class="group"/g)).toHaveLength(19);
    expect(page.match(/<details class="group" [^>]*open>/g)).toHaveLength(4);
    expect(page.match(/<svg class="bars"/g)).toHaveLength(2);
  });

  it('loads nothing from the network: no URL in any tag but links', () => {
    const all = tags(page);
    const others = all.filter((t) => t.name !== 'a');
    const absolute = others.flatMap((t) => [...t.attrs.values()])
      .filter((value) => /https?:\/\//i.test(value));
    expect(absolute).toEqual([]);
    const fetched = others.flatMap((t) => URL_ATTRIBUTES
      .map((name) => t.attrs.get(name)).filter((v) => v !== undefined));
    for (const url of fetched) expect(url).toMatch(/^(#|data:)/);
    const links = all.filter((t) => t.name === 'a')
      .map((t) => t.attrs.get('href')!).filter((h) => !h.startsWith('#'));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) {
      expect(href).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\//);
    }
    expect(page).not.toMatch(/@import|url\(|<img|<iframe|<object|<embed/);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain('<script>');
  });

  it('forbids fetching anything with a content security policy', () => {
    const policy = tags(page).find((t) =>
      t.attrs.get('http-equiv') === 'Content-Security-Policy')!;
    expect(policy.attrs.get('content')).toMatch(/^default-src 'none'; /);
  });

  it('counts every kind and deciding profile on the bars', () => {
    const chart = /<figure><figcaption id="by-kind-t">[\s\S]*?<\/figure>/
      .exec(page)![0];
    expect(chart).toMatch(/>denied-rule<\/text>[\s\S]*?>10<\/text><\/g>/);
    expect(chart).toMatch(/>unapproved-rule<\/text>[\s\S]*?>8<\/text><\/g>/);
    const byProfile = /<figure><figcaption id="by-profile-t">[\s\S]*?<\/figure>/
      .exec(page)![0];
    expect(byProfile).toMatch(/>pci<\/text>[\s\S]*?>2<\/text><\/g>/);
    expect(byProfile).toContain('(no allow covers it)');
  });

  it('shows a missing required rule as an absent rule', () => {
    expect(page).toContain('<span class="absent rule"><b>absent:</b> ' +
      'egress tcp 443 to 2001:db8:c0::/56</span>');
  });

  it('puts each offending rule beside the profile rule and its line', () => {
    const row = new RegExp('<tr><td><span class="badge sev-critical">' +
      'critical</span>[^]*?</tr>').exec(page)![0];
    expect(text(row)).toBe('critical denied-rule ingress tcp 80 from ' +
      '10.10.0.0/16 sgr-06a5a50ceb3d24463 “Health checks, old ALB” ' +
      'pci/pci-no-http examples/profiles/overlays/pci.yaml:28 quarantine ' +
      'ingress tcp 80 from 10.10.0.0/16 is denied by pci/pci-no-http');
  });

  it('says so when there is no drift', async () => {
    const empty = await reportOf([{ Account: '111122223333',
      Region: 'eu-west-1', SecurityGroups: [] }]);
    const clean = htmlReport(empty);
    expect(clean).toContain('No drift found');
    expect(clean).not.toContain('<section id="detail"');
  });
});

describe('the compliance matrix', () => {
  it('counts the groups of each profile and those with findings', () => {
    const { columns, rows } = complianceMatrix(report);
    expect(columns.map((c) => `${c.layer}:${c.name}`)).toEqual([
      'tier:prod-network', 'tier:staging-network', 'role:agent',
      'role:broker', 'role:client', 'overlay:hipaa',
      'overlay:no-internet-egress', 'overlay:pci', 'unknown:kafka-connect',
      'unbound:no binding',
    ]);
    expect(rows).toHaveLength(1);
    const cells = rows[0]!.cells.map((c) =>
      `${c.groups}/${c.drifted}/${c.worst ?? '-'}`);
    expect(cells).toEqual([
      '24/12/critical', '12/4/critical', '8/4/high', '11/5/critical',
      '15/6/critical', '4/1/high', '1/1/high', '10/4/critical', '1/1/high',
      '6/3/high',
    ]);
  });

  it('shows each cell with its counts, its worst and the gaps', () => {
    const matrix = /<table class="matrix">[\s\S]*?<\/table>/.exec(page)![0];
    const cells = [...matrix.matchAll(/<td class="cell [^"]*">[\s\S]*?<\/td>/g)]
      .map((m) => text(m[0]));
    expect(cells[0]).toBe('24 12 with findings critical 5 lack it');
    expect(cells[1]).toBe('12 4 with findings critical 1 lack it');
    expect(cells[9]).toBe('6 3 with findings high');
  });

  it('has a row per account-region swept', async () => {
    const other = await exampleSnapshot();
    other.Region = 'us-east-1';
    for (const list of other.PrefixLists ?? []) {
      list.PrefixListName = list.PrefixListName?.replace('eu-west-1',
        'us-east-1');
    }
    const two = await reportOf([await exampleSnapshot(), other]);
    const rows = complianceMatrix(two).rows;
    expect(rows.map((r) => `${r.account}/${r.region}`)).toEqual([
      '111122223333/eu-west-1', '111122223333/us-east-1',
    ]);
    expect(rows[1]!.cells[0]).toEqual({ groups: 24, drifted: 12,
      worst: 'critical' });
  });
});

describe('the resources lacking each tier profile', () => {
  it('lists unbound and broken groups and untagged interfaces by tier', () => {
    const gaps = tierGaps(report).map((g) => [g.tier,
      g.resources.map((r) => `${r.resource} ${r.name} ${r.kind}`)]);
    expect(gaps).toEqual([
      ['prod-network', [
        'group launch-wizard-1 unbound-group',
        'group prod-connect-workers unknown-profile',
        'group prod-migration-agent invalid-binding',
        'group prod-stream-brokers invalid-binding',
        'interface prod-reporting-1 attachment-missing-profile',
      ]],
      ['staging-network', ['group staging-debug-temp unbound-group']],
    ]);
  });
});

describe('the worst drift first', () => {
  it('orders groups by their worst finding, then by count', () => {
    const drift = driftByGroup(report);
    expect(drift).toHaveLength(19);
    drift.slice(1).forEach((g, i) => {
      const before = drift[i]!;
      expect(rank(g.worst)).toBeLessThanOrEqual(rank(before.worst));
      if (g.worst === before.worst) {
        expect(g.findings.length).toBeLessThanOrEqual(before.findings.length);
      }
    });
    expect(drift.slice(0, 6).map((g) => g.groupName)).toEqual([
      'prod-payments-gateway-client', 'prod-search-client',
      'prod-analytics-brokers', 'staging-card-sim-client',
      'prod-telemetry-agent', 'launch-wizard-1',
    ]);
  });

  it('lists the rows of the table in that order', () => {
    const table = /<table class="worst">[\s\S]*?<\/table>/.exec(page)![0];
    const names = [...table.matchAll(/<a href="#[^"]+"><b>([^<]+)<\/b>/g)]
      .map((m) => m[1]);
    expect(names).toEqual(driftByGroup(report).map((g) => g.groupName));
  });
});

describe('escaping', () => {
  it('escapes every character that could start markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('shows a script in a group name as text, never as a tag', async () => {
    const hostile = htmlReport(await reportOf([await hostileSnapshot()]));
    expect(hostile).not.toContain(HOSTILE_NAME);
    expect(hostile).toContain(escapeHtml(HOSTILE_NAME));
    expect(hostile.match(/<script/g)).toHaveLength(1);
    expect(hostile).not.toContain(HOSTILE_DESCRIPTION);
    expect(hostile).toContain(escapeHtml(HOSTILE_DESCRIPTION));
    expect(hostile).not.toMatch(/<img|<i onmouseover/);
    expect(hostile).toContain('&lt;i onmouseover=alert(3)&gt;x&lt;/i&gt;?');
  });
});
