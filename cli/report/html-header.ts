import { SEVERITIES } from '../../shared/profiles/types.ts';
import { html, type Markup } from './html-markup.ts';
import type { Report } from './summary.ts';

const SHIELD = html`<svg width="30" height="30" viewBox="0 0 24 24"
  aria-hidden="true" focusable="false"><path fill="#38bdf8"
  d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5z"/><path fill="#0f172a"
  d="m10.6 15.2-3.3-3.3 1.4-1.4 1.9 1.9 4.7-4.7 1.4 1.4z"/></svg>`;

function when(report: Report): string {
  if (!report.sweptAt) return 'unknown';
  return report.sweptAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

function places(report: Report): string {
  return report.summary.scanned.map((s) => `${s.account} ${s.region}`)
    .join(', ');
}

function facts(report: Report): Markup {
  const s = report.summary;
  const accounts = new Set(s.scanned.map((x) => x.account)).size;
  const regions = new Set(s.scanned.map((x) => x.region)).size;
  const items: [string, string | number][] = [
    ['accounts', accounts], ['regions', regions], ['groups', s.groups],
    ['rules', s.rules], ['interfaces', s.interfaces],
    ['intent version', s.intentVersion], ['swept', when(report)],
  ];
  return html`<dl class="facts">${items.map(([k, v]) =>
    html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function tiles(report: Report): Markup {
  const s = report.summary;
  const bySeverity = [...SEVERITIES].reverse().map((sev) => {
    const n = s.bySeverity[sev];
    return html`<li class="${`tile ${n > 0 ? `sev-${sev}` : 'zero'}`}">
      <b>${n}</b>${sev}</li>`;
  });
  const suppressed = s.suppressed > 0
    ? html`<li class="tile total"><b>${s.suppressed}</b>suppressed by
      exemptions</li>`
    : '';
  return html`<ul class="tiles" aria-label="findings by severity">
    <li class="tile total"><b>${s.findings}</b>findings</li>${bySeverity}
    ${suppressed}</ul>`;
}

function verdict(report: Report): Markup {
  const s = report.summary;
  if (s.failOn === undefined) return html``;
  const text = (s.failing ?? 0) > 0
    ? `${s.failing} findings at or above --fail-on ${s.failOn}: the sweep fails`
    : `no finding at or above --fail-on ${s.failOn}: the sweep passes`;
  return html`<p class="verdict">${text}</p>`;
}

function unreachable(report: Report): Markup {
  const lost = report.summary.unreachable ?? [];
  if (lost.length === 0) return html``;
  return html`<div class="verdict"><p>${lost.length} account-region(s)
    could not be read, so their findings are not here:</p>
    <ul>${lost.map((u) => html`<li>${u.account} ${u.region}:
      ${u.error}</li>`)}</ul></div>`;
}

/** The report's header: what was swept, when, and counts by severity. */
export function header(report: Report): Markup {
  return html`<header class="top">
  <h1>${SHIELD}driftguard sweep</h1>
  <p class="sub">Security groups against their approved profiles:
    <b>${places(report)}</b></p>
  ${facts(report)}
  ${tiles(report)}
  ${verdict(report)}
  ${unreachable(report)}
</header>`;
}
