import { createHash } from 'node:crypto';
import pkg from '../../package.json' with { type: 'json' };
import {
  FINDING_KINDS,
  KIND_DESCRIPTIONS,
} from '../../shared/engine/index.ts';
import { barChart } from './html-chart.ts';
import { detailSection } from './html-detail.ts';
import { header } from './html-header.ts';
import { tierGaps } from './html-lacking.ts';
import { html, raw, type Markup } from './html-markup.ts';
import { lackingSection, matrixSection } from './html-matrix.ts';
import {
  barsByKind,
  barsByProfile,
  driftByGroup,
} from './html-model.ts';
import { worstSection } from './html-groups.ts';
import { STYLE } from './html-style.ts';
import type { Report } from './summary.ts';

/** How the HTML report shows paths. */
export interface HtmlOptions {
  /** The profile folder as given on the command line. */
  profilesDir?: string;
}

// Opens every group's detail for printing (and closes them again after),
// and opens the group a link points at. The report reads fully without it.
const SCRIPT = `
const shut = [];
addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('details:not([open])')) {
    d.open = true;
    shut.push(d);
  }
});
addEventListener('afterprint', () => {
  for (const d of shut.splice(0)) d.open = false;
});
function reveal() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target && target.tagName === 'DETAILS') target.open = true;
}
addEventListener('hashchange', reveal);
reveal();
`;

const hash = (text: string) =>
  `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

// Nothing may be fetched: no sources at all but our own style and script.
const POLICY = `default-src 'none'; style-src ${hash(STYLE)}; ` +
  `script-src ${hash(SCRIPT)}; img-src data:; base-uri 'none'; ` +
  "form-action 'none'";

const ICON = 'data:image/svg+xml,' + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<path fill="#0f172a" d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 ' +
  '8-11V5z"/></svg>');

function chartsSection(report: Report): Markup {
  const kinds = FINDING_KINDS.filter((k) => report.summary.byKind[k]);
  return html`<section id="charts" aria-labelledby="charts-h">
  <h2 id="charts-h">Findings by kind and by profile</h2>
  <p class="lead">Each bar is split by severity, critical first; the number
    after a bar is its total.</p>
  <div class="charts">
    ${barChart('by-kind', 'By kind', barsByKind(report.findings))}
    ${barChart('by-profile', 'By the profile whose rule decided them',
      barsByProfile(report.findings))}
  </div>
  <details><summary>What the kinds mean</summary><dl class="meta">
    ${kinds.map((k) => html`<dt><code>${k}</code></dt>
      <dd>${KIND_DESCRIPTIONS[k]}</dd>`)}</dl></details>
</section>`;
}

const NAV: [string, string][] = [
  ['matrix', 'Compliance matrix'], ['lacking', 'Lacking a tier'],
  ['charts', 'Charts'], ['worst', 'Worst drift first'],
  ['detail', 'Per-group detail'],
];

function body(report: Report, options: HtmlOptions): Markup {
  const drift = driftByGroup(report);
  const profiles = new Map((report.inventory?.profiles ?? [])
    .map((p) => [p.name, p]));
  const gaps = tierGaps(report);
  const detail = { profiles, profilesDir: options.profilesDir };
  return html`<a class="skip" href="#matrix">Skip to the report</a>
${header(report)}
<nav class="toc" aria-label="sections">${NAV.map(([id, text]) =>
  html`<a href="${`#${id}`}">${text}</a>`)}</nav>
<main>
${matrixSection(report, gaps)}
${lackingSection(gaps)}
${chartsSection(report)}
${worstSection(drift, profiles)}
${drift.length > 0 ? detailSection(drift, detail) : ''}
</main>
<footer>driftguard ${pkg.version} · intent ${report.summary.intentVersion}
  · ${report.summary.findings} findings · for machines, use
  <code>--format json</code> or <code>--format sarif</code>.</footer>`;
}

/**
 * The sweep as one self-contained HTML page: a header with what was swept
 * and counts by severity, the accounts-by-profiles matrix, the resources
 * lacking each tier, charts by kind and profile, the groups worst first
 * and their detail. Inline CSS and SVG only; a content security policy
 * forbids fetching anything, and every value from the data is escaped.
 */
export function htmlReport(report: Report, options: HtmlOptions = {}): string {
  const places = report.summary.scanned
    .map((s) => `${s.account} ${s.region}`).join(', ');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${`driftguard ${pkg.version}`}">
<title>driftguard sweep: ${places}</title>
<link rel="icon" href="${ICON}">
<style>${raw(STYLE)}</style>
</head>
<body>
${body(report, options)}
<script>${raw(SCRIPT)}</script>
</body>
</html>
`.text;
}
