import { SEVERITIES, type Severity } from '../../shared/profiles/types.ts';
import { html, type Markup } from './html-markup.ts';
import type { Bar } from './html-model.ts';

const WIDTH = 640;
const LABEL = 210;
const ROW = 28;
const BAR = 20;
const ROOM = 44;
const FILL: Record<Severity, string> = {
  critical: '#991b1b',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
};

function breakdown(bar: Bar): string {
  return [...SEVERITIES].reverse().filter((s) => bar.counts[s] > 0)
    .map((s) => `${bar.counts[s]} ${s}`).join(', ');
}

function segments(bar: Bar, y: number, scale: number): Markup[] {
  let x = LABEL;
  return [...SEVERITIES].reverse().filter((s) => bar.counts[s] > 0)
    .map((s) => {
      const w = bar.counts[s] * scale;
      const label = w >= 22
        ? html`<text class="in" x="${x + w / 2}" y="${y + BAR / 2 + 4.5}"
          text-anchor="middle">${bar.counts[s]}</text>`
        : '';
      const out = html`<rect x="${x}" y="${y}" width="${w}"
        height="${BAR}" fill="${FILL[s]}"/>${label}`;
      x += w;
      return out;
    });
}

function row(bar: Bar, i: number, scale: number): Markup {
  const y = i * ROW + 4;
  const end = LABEL + bar.total * scale;
  const shown = bar.label.length > 28
    ? `${bar.label.slice(0, 27)}…`
    : bar.label;
  return html`<g><title>${bar.label}: ${bar.total} (${breakdown(bar)})
    </title><text x="${LABEL - 8}" y="${y + BAR / 2 + 4.5}"
    text-anchor="end">${shown}</text>${segments(bar, y, scale)}
    <text class="total" x="${end + 6}" y="${y + BAR / 2 + 4.5}"
    >${bar.total}</text></g>`;
}

/**
 * A horizontal bar chart as inline SVG: one bar per label, split by
 * severity (critical first), each part's count written on it when it
 * fits and the total written after the bar, so it reads without colour.
 */
export function barChart(id: string, caption: string, bars: Bar[]): Markup {
  if (bars.length === 0) {
    return html`<figure><figcaption>${caption}</figcaption>
      <p>No findings.</p></figure>`;
  }
  const max = Math.max(...bars.map((b) => b.total));
  const scale = (WIDTH - LABEL - ROOM) / max;
  const height = bars.length * ROW + 8;
  const summary = bars.map((b) => `${b.label} ${b.total}`).join('; ');
  return html`<figure><figcaption id="${`${id}-t`}">${caption}</figcaption>
  <svg class="bars" viewBox="${`0 0 ${WIDTH} ${height}`}" role="img"
    aria-labelledby="${`${id}-t ${id}-d`}"><desc id="${`${id}-d`}"
    >${summary}</desc>
    <line x1="${LABEL}" x2="${LABEL}" y1="0" y2="${height}"
      stroke="#9ca3af"/>${bars.map((b, i) => row(b, i, scale))}</svg>
</figure>`;
}
