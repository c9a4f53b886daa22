import type { Action, Finding } from '../../shared/engine/index.ts';
import { anchor, html, type Markup } from './html-markup.ts';
import type { GroupDrift } from './html-model.ts';
import type { ProfileInfo } from './summary.ts';

const ACTIONS: readonly Action[] = ['none', 'alert', 'rollback',
  'quarantine'];

/** The strongest action among findings. */
export function strongestAction(findings: readonly Finding[]): Action {
  let best: Action = 'none';
  for (const f of findings) {
    if (ACTIONS.indexOf(f.action) > ACTIONS.indexOf(best)) best = f.action;
  }
  return best;
}

/** The binding of a group as chips, each coloured by its layer. */
export function bindingChips(
  binding: readonly string[] | undefined,
  profiles: ReadonlyMap<string, ProfileInfo>,
): Markup {
  if (binding === undefined) {
    return html`<span class="chip none">no binding</span>`;
  }
  if (binding.length === 0) {
    return html`<span class="chip unknown">empty binding</span>`;
  }
  return html`${binding.map((name) => {
    const layer = profiles.get(name)?.layer ?? 'unknown';
    const label = layer === 'unknown' ? `${name}?` : name;
    return html`<span class="${`chip ${layer}`}">${label}</span>`;
  })}`;
}

/** The severity of a finding as a labelled badge. */
export function badge(severity: string): Markup {
  return html`<span class="${`badge sev-${severity}`}">${severity}</span>`;
}

function kindCounts(findings: readonly Finding[]): Markup {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return html`${[...counts].map(([kind, n]) =>
    html`<span class="chip none">${n} × ${kind}</span>`)}`;
}

function worstRow(
  g: GroupDrift,
  i: number,
  profiles: ReadonlyMap<string, ProfileInfo>,
): Markup {
  const target = `#${anchor(g.account, g.region, g.groupId)}`;
  return html`<tr class="${`row-${g.worst}`}"><td class="num">${i + 1}</td>
    <td>${badge(g.worst)}</td>
    <td><a href="${target}"><b>${g.groupName ?? g.groupId}</b></a>
      <span class="sub-id mono">${g.groupId}</span></td>
    <td class="place"><span class="mono">${g.account}</span> ${g.region}
      <span class="sub-id mono">${g.vpcId ?? ''}</span></td>
    <td>${bindingChips(g.info?.binding, profiles)}</td>
    <td class="num"><b>${g.findings.length}</b></td>
    <td>${kindCounts(g.findings)}</td>
    <td>${strongestAction(g.findings)}</td></tr>`;
}

/**
 * The groups with findings, worst drift first, one row each: worst
 * severity, group, place, binding, how many findings of which kinds, and
 * the strongest action; each row links to the group's detail.
 */
export function worstSection(
  drift: GroupDrift[],
  profiles: ReadonlyMap<string, ProfileInfo>,
): Markup {
  const body = drift.length === 0
    ? html`<p class="clear">No drift found: every group matches its
      profiles.</p>`
    : html`<div class="scroll"><table class="worst">
      <caption class="vh">Groups with findings, worst first</caption>
      <thead><tr><th scope="col" class="num">#</th>
        <th scope="col">worst</th><th scope="col">group</th>
        <th scope="col">account / region</th><th scope="col">binding</th>
        <th scope="col" class="num">findings</th><th scope="col">kinds</th>
        <th scope="col">action</th></tr></thead>
      <tbody>${drift.map((g, i) => worstRow(g, i, profiles))}</tbody>
      </table></div>`;
  return html`<section id="worst" aria-labelledby="worst-h">
  <h2 id="worst-h">Worst drift first</h2>
  <p class="lead">Groups ordered by their worst finding, then by how many
    findings they have.</p>
  ${body}
</section>`;
}
