import path from 'node:path';
import type { Command } from 'commander';
import { composeIntent, parseBinding } from '../../shared/profiles/index.ts';
import type { Intent, IntentRule } from '../../shared/profiles/types.ts';
import {
  describePeer,
  formatRange,
  protocolName,
} from '../../shared/rules/index.ts';
import { paint, UsageError, type Io, type Outcome } from '../io.ts';
import { formatOption } from '../options.ts';
import { bundleOf } from '../profiles.ts';

interface ExplainOptions {
  profiles: string;
  format: string;
}

/** A profile rule as explain shows it. */
function ruleEntry(rule: IntentRule, dir: string) {
  const way = { ingress: 'from', egress: 'to', both: 'with' }[rule.direction];
  const protocol = protocolName(rule.protocol);
  const ports = rule.protocol === -1
    ? ''
    : ` ${formatRange(rule.protocol, rule.ports)}`;
  const direction = rule.direction === 'both'
    ? 'ingress+egress'
    : rule.direction;
  return {
    rule: `${direction} ${protocol}${ports} ${way} ${describePeer(rule.peer)}`,
    from: `${rule.profile}/${rule.id}`,
    at: `${path.join(dir, rule.source.file)}:${rule.source.line}`,
    ...(rule.severity ? { severity: rule.severity } : {}),
  };
}

function explainView(intent: Intent, dir: string, version: string) {
  return {
    binding: intent.profiles,
    intentVersion: version,
    tier: intent.tier,
    roles: intent.roles,
    overlays: intent.overlays,
    versions: intent.versions,
    remediation: { mode: intent.mode, from: intent.modeFrom ?? null },
    defaultDeny: { value: intent.defaultDeny, from: intent.defaultDenyFrom },
    allow: intent.allows.map((r) => ruleEntry(r, dir)),
    deny: intent.denies.map((r) => ruleEntry(r, dir)),
    require: intent.requires.map((r) => ruleEntry(r, dir)),
    conflicts: intent.conflicts.map((c) => ({
      kind: c.kind,
      rule: `${c.rule.profile}/${c.rule.id}`,
      deny: `${c.deny.profile}/${c.deny.id}`,
      message: c.message,
    })),
  };
}

type View = ReturnType<typeof explainView>;

function section(
  title: string,
  entries: View['allow'],
  c: ReturnType<typeof paint>,
): string[] {
  if (entries.length === 0) return [c.bold(title), '  (none)'];
  const width = Math.max(...entries.map((e) => e.rule.length));
  const fromWidth = Math.max(...entries.map((e) => e.from.length));
  return [c.bold(title), ...entries.map((e) =>
    `  ${e.rule.padEnd(width)}  ${e.from.padEnd(fromWidth)}  ` +
    c.dim(e.at) + (e.severity ? `  ${e.severity}` : ''))];
}

function textView(view: View, io: Io): string {
  const c = paint(io);
  const v = (name: string) => `${name} v${view.versions[name]}`;
  const lines = [
    `${c.bold('binding')} ${view.binding.join(', ')}  ` +
      c.dim(`(intent ${view.intentVersion})`),
    `  tier ${v(view.tier)}; roles ${view.roles.map(v).join(', ') ||
      'none'}; overlays ${view.overlays.map(v).join(', ') || 'none'}`,
    `  remediation ${view.remediation.mode}` +
      (view.remediation.from ? ` (from ${view.remediation.from})` : ''),
    `  default deny ${view.defaultDeny.value ? 'yes' : 'no'}` +
      (view.defaultDeny.from.length
        ? ` (from ${view.defaultDeny.from.join(', ')})`
        : ''),
    '',
    ...section('allow: what may be there', view.allow, c), '',
    ...section('deny: what must never be there', view.deny, c), '',
    ...section('require: what must be there', view.require, c), '',
    c.bold('conflicts'),
    ...(view.conflicts.length
      ? view.conflicts.map((x) => `  ${c.red(x.kind)}: ${x.message}`)
      : ['  (none)']),
  ];
  return `${lines.join('\n')}\n`;
}

/** `driftguard explain DIR --profiles a,b,c`: a binding's intent. */
export function explainCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('explain')
    .description('print the composed intent of a binding and its sources')
    .argument('<dir>', 'folder of profile YAML files')
    .requiredOption('--profiles <names>',
      'the binding, e.g. prod-network,broker')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (dir: string, options: ExplainOptions) => {
      const bundle = await bundleOf(dir, io, { quiet: true });
      const composed = composeIntent(bundle, parseBinding(options.profiles));
      if (!composed.ok) {
        throw new UsageError(`--profiles ${options.profiles}: ` +
          composed.problem.message);
      }
      const view = explainView(composed.intent, dir, bundle.version);
      io.out(options.format === 'json'
        ? `${JSON.stringify(view, null, 2)}\n`
        : textView(view, io));
      outcome.code = 0;
    });
}
