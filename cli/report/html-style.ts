/**
 * The report's style sheet. Severity is never told by colour alone: every
 * coloured mark also carries its word or its count. Colours keep a
 * contrast of at least 4.5:1 with the text drawn on them.
 */
export const STYLE = `
:root {
  --ink: #111827; --muted: #4b5563; --line: #d1d5db; --paper: #ffffff;
  --wash: #f3f4f6; --band: #0f172a; --band-ink: #e5e7eb;
  --critical: #991b1b; --critical-tint: #fee2e2;
  --high: #c2410c; --high-tint: #ffedd5;
  --medium: #a16207; --medium-tint: #fef9c3;
  --low: #1d4ed8; --low-tint: #dbeafe;
  --clean: #166534; --clean-tint: #dcfce7;
  --tier: #1e293b; --role: #115e59; --overlay: #6b21a8; --unknown: #991b1b;
}
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; color: var(--ink);
  background: var(--wash); }
body { margin: 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas,
  "Liberation Mono", monospace; font-size: .9em; }
a { color: #1d4ed8; }
a:focus-visible, summary:focus-visible { outline: 3px solid #2563eb;
  outline-offset: 2px; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem;
  z-index: 1; }
header.top { background: var(--band); color: var(--band-ink);
  padding: 1.5rem 2rem 1.25rem; }
header.top h1 { margin: 0; font-size: 1.6rem; color: #fff;
  letter-spacing: .01em; display: flex; align-items: center; gap: .6rem; }
header.top h1 svg { flex: none; }
header.top .sub { margin: .35rem 0 0; color: #cbd5e1; }
header.top .sub b { color: #fff; }
.facts { display: flex; flex-wrap: wrap; gap: .5rem 1.75rem; margin: 1rem 0 0;
  padding: 0; }
.facts div { display: flex; flex-direction: column; }
.facts dt { font-size: .75rem; text-transform: uppercase;
  letter-spacing: .08em; color: #94a3b8; }
.facts dd { margin: 0; font-size: 1.15rem; font-weight: 600; color: #fff; }
.tiles { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.25rem 0 0;
  padding: 0; list-style: none; }
.tile { min-width: 8.5rem; padding: .6rem .9rem; border-radius: .5rem;
  color: #fff; border: 2px solid rgba(255,255,255,.25); }
.tile b { display: block; font-size: 2rem; line-height: 1.1; }
.tile.zero { background: #1e293b; color: #cbd5e1; }
.tile.total { background: #334155; }
.sev-critical { background: var(--critical); }
.sev-high { background: var(--high); }
.sev-medium { background: var(--medium); }
.sev-low { background: var(--low); }
.verdict { margin: 1rem 0 0; font-weight: 600; }
nav.toc { background: #1e293b; padding: .4rem 2rem; display: flex;
  flex-wrap: wrap; gap: .25rem 1.25rem; }
nav.toc a { color: #e2e8f0; text-decoration: none; font-size: .9rem; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 1.25rem 2rem 2rem; max-width: 110rem; }
section { background: var(--paper); border: 1px solid var(--line);
  border-radius: .6rem; padding: 1rem 1.25rem 1.25rem; margin: 0 0 1.25rem; }
section > h2 { margin: 0 0 .25rem; font-size: 1.2rem; }
section > p.lead { margin: 0 0 .9rem; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .55rem;
  border-bottom: 1px solid var(--line); }
thead th { background: var(--wash); font-size: .8rem; color: #374151;
  text-transform: uppercase; letter-spacing: .04em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; min-width: 4.6rem; text-align: center;
  padding: .05rem .45rem; border-radius: .3rem; color: #fff;
  font-size: .78rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: .04em; }
.chip { display: inline-block; padding: 0 .4rem; margin: 0 .2rem .15rem 0;
  border-radius: 1rem; font-size: .8rem; border: 1px solid currentColor;
  white-space: nowrap; }
.chip.tier { color: var(--tier); font-weight: 700; }
.chip.role { color: var(--role); }
.chip.overlay { color: var(--overlay); }
.chip.unknown { color: var(--unknown); border-style: dashed; }
.chip.none { color: var(--muted); border-style: dotted; }
.matrix th[scope=col] { text-align: center; vertical-align: bottom;
  text-transform: none; letter-spacing: 0; }
.matrix th[scope=col] small { display: block; color: var(--muted);
  font-weight: 400; }
.matrix th[scope=row] { white-space: nowrap; }
.matrix thead tr.layers th { text-align: center; }
.matrix td.cell { text-align: center; min-width: 5.6rem;
  border-left: 1px solid #fff; padding: .45rem .4rem; }
.cell b { display: block; font-size: 1.35rem; line-height: 1.1; }
.cell span { display: block; font-size: .78rem; }
.cell.critical { background: var(--critical-tint);
  box-shadow: inset 0 -4px 0 var(--critical); }
.cell.high { background: var(--high-tint);
  box-shadow: inset 0 -4px 0 var(--high); }
.cell.medium { background: var(--medium-tint);
  box-shadow: inset 0 -4px 0 var(--medium); }
.cell.low { background: var(--low-tint);
  box-shadow: inset 0 -4px 0 var(--low); }
.cell.clean { background: var(--clean-tint);
  box-shadow: inset 0 -4px 0 var(--clean); }
.cell.empty { background: var(--wash); color: var(--muted); }
.cell .worst { font-weight: 700; text-transform: uppercase;
  letter-spacing: .05em; font-size: .7rem; }
.cell .lack { color: var(--critical); font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .75rem 0 0;
  padding: 0; list-style: none; font-size: .85rem; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { width: 1.1rem; height: .9rem; display: inline-block;
  border-bottom: 4px solid; }
.gaps { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0 0 1rem;
  padding: 0; list-style: none; }
.gap { border: 1px solid var(--line); border-radius: .5rem;
  padding: .5rem .9rem; min-width: 15rem; }
.gap .count { font-size: 1.9rem; margin-right: .35rem; }
.gap small { display: block; color: var(--muted); }
.gap.ok { background: var(--clean-tint);
  box-shadow: inset 4px 0 0 var(--clean); }
.gap.short { background: var(--critical-tint);
  box-shadow: inset 4px 0 0 var(--critical); }
tr.tier-head th { background: #e2e8f0; text-transform: none;
  font-size: .9rem; }
td.why small { display: block; color: var(--muted); }
table.lacking td b, table.lacking .sub-id { white-space: nowrap; }
.charts { display: grid; gap: 1.25rem;
  grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); }
figure { margin: 0; }
figcaption { font-weight: 700; margin: 0 0 .4rem; }
svg.bars { width: 100%; max-width: 46rem; height: auto; }
svg.bars text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto,
  Arial, sans-serif; fill: var(--ink); }
svg.bars text.in { fill: #fff; font-weight: 700; }
svg.bars text.total { font-weight: 700; }
.worst td { vertical-align: middle; }
.worst tr td:first-child { box-shadow: inset 5px 0 0 var(--edge); }
.worst tr.row-critical { --edge: var(--critical); }
.worst tr.row-high { --edge: var(--high); }
.worst tr.row-medium { --edge: var(--medium); }
.worst tr.row-low { --edge: var(--low); }
table.findings { table-layout: fixed; min-width: 60rem; }
table.findings th:nth-child(1) { width: 7rem; }
table.findings th:nth-child(2) { width: 12rem; }
table.findings th:nth-child(3) { width: 26%; }
table.findings th:nth-child(4) { width: 22%; }
table.findings th:nth-child(5) { width: 7.5rem; }
table.findings td { overflow-wrap: break-word; }
table.findings td.action { white-space: nowrap; }
.place { white-space: nowrap; }
.sub-id { display: block; color: var(--muted); font-size: .85rem; }
details.group { border: 1px solid var(--line); border-radius: .5rem;
  margin: 0 0 .6rem; background: var(--paper); }
details.group > summary { cursor: pointer; padding: .55rem .8rem;
  display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .75rem;
  list-style: none; }
details.group > summary::-webkit-details-marker { display: none; }
details.group > summary::before { content: "▸"; color: var(--muted);
  width: 1ch; }
details.group[open] > summary::before { content: "▾"; }
details.group[open] > summary { border-bottom: 1px solid var(--line);
  background: var(--wash); }
details.group .name { font-weight: 700; }
details.group .body { padding: .6rem .8rem .8rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr;
  gap: .15rem 1rem; margin: .5rem 0 .75rem; font-size: .9rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
dl.facts-row { display: flex; flex-wrap: wrap; gap: .3rem 2rem;
  margin: 0 0 .75rem; font-size: .9rem; }
dl.facts-row dt { color: var(--muted); font-size: .75rem;
  text-transform: uppercase; letter-spacing: .05em; }
dl.facts-row dd { margin: 0; }
td.kind { white-space: nowrap; }
.absent { display: inline-block; border: 2px dashed var(--critical);
  border-radius: .3rem; padding: 0 .35rem; font-style: italic;
  background: var(--critical-tint); }
.absent b { font-style: normal; color: var(--critical); }
.desc { color: var(--muted); font-size: .85rem; }
.decided small { display: block; color: var(--muted); }
.clear { font-size: 1.1rem; color: var(--clean); font-weight: 700; }
footer { padding: 0 2rem 2rem; color: var(--muted); font-size: .85rem; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  html { background: #fff; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.toc, .skip { display: none; }
  header.top { padding: 1rem; }
  main { padding: 0; max-width: none; }
  section { break-inside: auto; border: none; padding: .5rem 0; }
  details.group { break-inside: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
  .matrix td.cell { min-width: 0; padding: .3rem .15rem; }
  .matrix .chip, .chip { white-space: normal; }
  .cell b { font-size: 1.1rem; }
  table.findings { min-width: 0; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
