import type { Finding } from '../../shared/engine/index.ts';
import { badge, bindingChips } from './html-groups.ts';
import { anchor, html, type Markup } from './html-markup.ts';
import type { GroupDrift } from './html-model.ts';
import type { GroupInfo, ProfileInfo } from './summary.ts';

/** What per-group detail needs besides the group. */
export interface DetailContext {
  profiles: ReadonlyMap<string, ProfileInfo>;
  /** The profile folder as given on the command line, for file paths. */
  profilesDir?: string;
}

function consoleUrl(region: string, groupId: string): string {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/ec2/home?region=${r}` +
    `#SecurityGroup:groupId=${encodeURIComponent(groupId)}`;
}

function ruleCell(f: Finding): Markup {
  if (!f.rule) {
    if (f.networkInterfaceId) {
      return html`interface <code>${f.networkInterfaceId}</code>`;
    }
    return f.exemption
      ? html`exemption <code>${f.exemption}</code>`
      : html`<span class="desc">the group as a whole</span>`;
  }
  const way = f.direction === 'egress' ? 'to' : 'from';
  const ports = f.rule.protocol === 'all' ? '' : ` ${f.rule.ports}`;
  const text = `${f.direction} ${f.rule.protocol}${ports} ${way} ` +
    f.rule.peer;
  const rule = f.kind === 'missing-required-rule'
    ? html`<span class="absent rule"><b>absent:</b> ${text}</span>`
    : html`<span class="rule mono">${text}</span>`;
  const id = f.ruleId ? html`<br><code class="desc">${f.ruleId}</code>` : '';
  const desc = f.rule.description
    ? html`<br><span class="desc">“${f.rule.description}”</span>`
    : '';
  return html`${rule}${id}${desc}`;
}

function sourcePath(f: Finding, ctx: DetailContext): string {
  const src = f.policySource!;
  const dir = ctx.profilesDir?.replace(/\/+$/, '');
  return `${dir ? `${dir}/` : ''}${src.file}:${src.line}`;
}

/** A path or rule name that may break after each slash, never inside. */
function breakable(text: string): Markup {
  const parts = text.split('/');
  return html`${parts.map((part, i) =>
    i === 0 ? part : html`/<wbr>${part}`)}`;
}

function decidedCell(f: Finding, g: GroupDrift, ctx: DetailContext) {
  if (f.profile && f.policyRule) {
    const where = f.policySource
      ? html`<small class="mono">${breakable(sourcePath(f, ctx))}</small>`
      : '';
    return html`<span class="decided"><code>${f.profile}/<wbr>${
      f.policyRule}</code>${where}</span>`;
  }
  if (f.kind === 'unapproved-rule') {
    const binding = g.info?.binding?.join(', ');
    return html`<span class="decided">no allow covers it${binding
      ? html`<small>allows of ${binding}</small>` : ''}</span>`;
  }
  return html`<span class="desc">—</span>`;
}

function findingRow(f: Finding, g: GroupDrift, ctx: DetailContext): Markup {
  return html`<tr><td>${badge(f.severity)}</td><td class="kind">${f.kind}</td>
    <td>${ruleCell(f)}</td><td>${decidedCell(f, g, ctx)}</td>
    <td class="action">${f.action}</td><td>${f.message}</td></tr>`;
}

function interfaces(info: GroupInfo): string {
  const list = info.interfaces;
  if (list.length === 0) return 'none';
  const shown = list.slice(0, 6).join(', ');
  return `${list.length}: ${shown}${list.length > 6 ? ', …' : ''}`;
}

function meta(g: GroupDrift, ctx: DetailContext): Markup {
  const info = g.info;
  const rows: [string, Markup | string][] = [
    ['account / region', `${g.account} ${g.region}`],
    ['VPC', g.vpcId ?? 'unknown'],
  ];
  if (info?.description) rows.push(['description', info.description]);
  if (info) {
    rows.push(['rules', String(info.rules)]);
    rows.push(['interfaces', interfaces(info)]);
  }
  rows.push(['console', html`<a href="${consoleUrl(g.region, g.groupId)}"
    rel="noreferrer noopener">open ${g.groupId} in the EC2 console</a>`]);
  return html`<dl class="facts-row">${rows.map(([k, v]) =>
    html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function detail(g: GroupDrift, ctx: DetailContext): Markup {
  const name = g.groupName ?? g.groupId;
  const count = g.findings.length;
  return html`<details class="group" id="${anchor(g.account, g.region,
    g.groupId)}"${g.worst === 'critical' ? html` open` : ''}>
  <summary>${badge(g.worst)}<span class="name">${name}</span>
    <code>${g.groupId}</code>${bindingChips(g.info?.binding, ctx.profiles)}
    <span>${count} ${count === 1 ? 'finding' : 'findings'}</span></summary>
  <div class="body">${meta(g, ctx)}
  <div class="scroll"><table class="findings">
    <caption class="vh">Findings of ${name}</caption>
    <thead><tr><th scope="col">severity</th><th scope="col">finding</th>
      <th scope="col">rule</th><th scope="col">decided by</th>
      <th scope="col">action</th><th scope="col">message</th></tr></thead>
    <tbody>${g.findings.map((f) => findingRow(f, g, ctx))}</tbody>
  </table></div></div>
</details>`;
}

/**
 * Per-group detail, worst drift first: each offending rule beside the
 * profile rule that decided it and where that rule is written; missing
 * required rules are shown as absent rules.
 */
export function detailSection(drift: GroupDrift[], ctx: DetailContext) {
  return html`<section id="detail" aria-labelledby="detail-h">
  <h2 id="detail-h">Per-group detail</h2>
  <p class="lead">Each finding beside the profile rule that decided it.
    Groups with a critical finding are open.</p>
  ${drift.map((g) => detail(g, ctx))}
</section>`;
}
