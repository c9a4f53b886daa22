import { SEVERITIES } from '../../shared/profiles/types.ts';
import {
  complianceMatrix,
  type Cell,
  type Column,
  type MatrixRow,
} from './html-compliance.ts';
import type { Lacking, TierGap } from './html-lacking.ts';
import { badge } from './html-groups.ts';
import { anchor, html, type Markup } from './html-markup.ts';
import { placeKey } from './html-model.ts';
import type { Report } from './summary.ts';

const LAYER_TITLES: Record<Column['layer'], string> = {
  tier: 'tiers',
  role: 'roles',
  overlay: 'overlays',
  unknown: 'not a profile',
  unbound: '',
};

function layerRow(columns: Column[]): Markup {
  const spans: [Column['layer'], number][] = [];
  for (const c of columns) {
    const last = spans.at(-1);
    if (last && last[0] === c.layer) last[1] += 1;
    else spans.push([c.layer, 1]);
  }
  return html`<tr class="layers"><td></td>${spans.map(([layer, n]) =>
    html`<th scope="colgroup" colspan="${n}">${LAYER_TITLES[layer]}</th>`)}
    </tr>`;
}

function columnHead(c: Column): Markup {
  const version = c.version === undefined ? '' : html`<small>v${c.version}
    </small>`;
  const cls = c.layer === 'unbound' ? 'none' : c.layer;
  return html`<th scope="col"><span class="${`chip ${cls}`}">${c.name}</span>
    ${version}</th>`;
}

function lackCount(gaps: TierGap[], c: Column, row: MatrixRow): number {
  if (c.layer !== 'tier') return 0;
  const gap = gaps.find((g) => g.tier === c.name);
  return (gap?.resources ?? [])
    .filter((r) => placeKey(r) === placeKey(row)).length;
}

function cell(c: Cell, lacking: number): Markup {
  const lack = lacking > 0
    ? html`<span class="lack">${lacking} lack it</span>`
    : '';
  if (c.groups === 0) {
    return html`<td class="cell empty"><b>—</b><span>no groups</span>${lack}
      </td>`;
  }
  const state = c.worst ?? 'clean';
  const drift = c.drifted === 0
    ? html`<span>all clean</span>`
    : html`<span>${c.drifted} with findings</span>`;
  const worst = c.worst ? html`<span class="worst">${c.worst}</span>` : '';
  return html`<td class="${`cell ${state}`}"><b>${c.groups}</b>
    ${drift}${worst}${lack}</td>`;
}

function legend(): Markup {
  const states = [...[...SEVERITIES].reverse(), 'clean'];
  return html`<ul class="legend" aria-label="legend">
    ${states.map((s) => html`<li><span class="${`swatch cell ${s}`}"></span>
      ${s === 'clean' ? 'no findings' : `worst finding ${s}`}</li>`)}
    <li><span class="swatch cell empty"></span>no group carries it</li></ul>`;
}

/**
 * The accounts-by-profiles matrix: for each account-region and profile,
 * how many groups carry it, how many of those have findings and the worst
 * of them; tier cells also count the resources lacking that tier.
 */
export function matrixSection(report: Report, gaps: TierGap[]): Markup {
  const { columns, rows } = complianceMatrix(report);
  const body = rows.map((row) => html`<tr><th scope="row">
    <span class="mono">${row.account}</span>
    <span class="sub-id">${row.region} · ${row.groups} groups</span></th>
    ${row.cells.map((c, i) => cell(c, lackCount(gaps, columns[i]!, row)))}
    </tr>`);
  return html`<section id="matrix" aria-labelledby="matrix-h">
  <h2 id="matrix-h">Compliance by account and profile</h2>
  <p class="lead">Each cell: how many groups of that account-region carry
    the profile (their binding names it), how many of them have findings,
    and the worst finding among them. Tier cells also count the resources
    that lack the tier.</p>
  <div class="scroll"><table class="matrix">
    <caption class="vh">Groups per account-region and profile</caption>
    <thead>${layerRow(columns)}<tr><th scope="col">account / region</th>
      ${columns.map(columnHead)}</tr></thead>
    <tbody>${body}</tbody></table></div>
  ${legend()}
</section>`;
}

function lackingRow(r: Lacking): Markup {
  const target = `#${anchor(r.account, r.region, r.groupId)}`;
  const because = r.because
    ? html`<small>expected: ${r.because}</small>`
    : '';
  return html`<tr><td>${badge(r.severity)}</td>
    <td><b>${r.name ?? r.id}</b><span class="sub-id">${r.resource}
      <a href="${target}" class="mono">${r.id}</a></span></td>
    <td class="place"><span class="mono">${r.account}</span> ${r.region}
      <span class="sub-id mono">${r.vpcId ?? ''}</span></td>
    <td class="why"><code>${r.kind}</code>: ${r.reason}${because}</td></tr>`;
}

function tierName(gap: TierGap): Markup {
  return gap.tier
    ? html`<span class="chip tier">${gap.tier}</span>`
    : html`<span class="chip unknown">tier unknown</span>`;
}

function gapTile(gap: TierGap): Markup {
  const n = gap.resources.length;
  const groups = gap.resources.filter((r) => r.resource === 'group').length;
  const counted = (k: number, one: string) =>
    k === 0 ? [] : [`${k} ${one}${k === 1 ? '' : 's'}`];
  const parts = n === 0 ? 'every resource that should carry it does'
    : [...counted(groups, 'group'), ...counted(n - groups, 'interface')]
      .join(', ');
  return html`<li class="${`gap ${n === 0 ? 'ok' : 'short'}`}">
    <b class="count">${n}</b> lack ${tierName(gap)}<small>${parts}</small>
    </li>`;
}

function gapRows(gap: TierGap): Markup {
  if (gap.resources.length === 0) return html``;
  return html`<tbody><tr class="tier-head"><th scope="rowgroup" colspan="4">
    ${tierName(gap)} lacking on ${gap.resources.length}
    ${gap.resources.length === 1 ? 'resource' : 'resources'}</th></tr>
    ${gap.resources.map(lackingRow)}</tbody>`;
}

/**
 * Which resources lack each tier profile: a count per tier, then one
 * table of the resources, a row group per tier.
 */
export function lackingSection(gaps: TierGap[]): Markup {
  const any = gaps.some((g) => g.resources.length > 0);
  const table = any
    ? html`<div class="scroll"><table class="lacking">
      <caption class="vh">Resources lacking each tier profile</caption>
      <thead><tr><th scope="col">severity</th><th scope="col">resource</th>
        <th scope="col">account / region</th><th scope="col">why</th></tr>
      </thead>${gaps.map(gapRows)}</table></div>`
    : '';
  return html`<section id="lacking" aria-labelledby="lacking-h">
  <h2 id="lacking-h">Resources lacking each tier profile</h2>
  <p class="lead">Groups with no binding or one that cannot be enforced, and
    interfaces whose tags call for a tier none of their groups carry.</p>
  <ul class="gaps">${gaps.map(gapTile)}</ul>
  ${table}
</section>`;
}
