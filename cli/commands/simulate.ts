import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { simulate } from '../../shared/pipeline/simulate.ts';
import type { Decision } from '../../shared/pipeline/types.ts';
import type { Mode } from '../../shared/profiles/types.ts';
import { readSnapshot, SnapshotError } from '../../shared/snapshot/index.ts';
import { InputError, paint, type Io, type Outcome } from '../io.ts';
import { formatOption, list, nowOption } from '../options.ts';
import { bundleOf } from '../profiles.ts';

interface SimulateOptions {
  event: string;
  profiles: string;
  snapshot: string;
  format: string;
  mode: Mode;
  ownRoles: string[];
  platformPrincipals: string[];
  vendorPrincipals: string[];
  now?: Date;
}

async function readEvent(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`${file}: cannot read the event (${code})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

/** The decision as `simulate --format json` prints it. */
export function decisionView(d: Decision) {
  return {
    decision: d.decision,
    reason: d.reason,
    eventId: d.eventId,
    groups: d.groups,
    deleted: d.deleted,
    findings: d.findings,
    actions: d.actions.map(({ action, status }) => {
      const { findings, ...rest } = action;
      return { ...rest, status,
        findings: findings.map((f) => ({ kind: f.kind, ruleId: f.ruleId })) };
    }),
    alerts: d.alerts.map((a) => ({ kind: a.finding.kind,
      groupId: a.finding.groupId, ruleId: a.finding.ruleId, why: a.why })),
  };
}

function text(d: Decision, io: Io): string {
  const c = paint(io);
  const lines = [`${c.bold(d.decision)}: ${d.reason}`];
  if (d.groups.length) lines.push(`groups: ${d.groups.join(', ')}`);
  for (const f of d.findings) {
    lines.push(`  ${f.severity.padEnd(8)} ${f.kind}  ${f.groupId}  ` +
      `${f.message}  -> ${f.action}`);
  }
  for (const { action } of d.actions) {
    lines.push(`  would ${action.kind} on ${action.groupId} ` +
      `(${action.size} item(s))`);
  }
  for (const a of d.alerts) {
    lines.push(`  alert only: ${a.finding.kind} on ${a.finding.groupId}: ` +
      a.why);
  }
  return `${lines.join('\n')}\n`;
}

/** `driftguard simulate`: what the event function would decide. */
export function simulateCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('simulate')
    .description('decide about a CloudTrail event as the event function ' +
      'would, on a snapshot, without acting')
    .requiredOption('--event <file>', 'the event (EventBridge or CloudTrail)')
    .requiredOption('--profiles <dir>', 'folder of profile YAML files')
    .requiredOption('--snapshot <file>', 'the account snapshot after it')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addOption(new Option('--mode <mode>', 'the deployment cap')
      .choices(['alert', 'rollback', 'quarantine']).default('quarantine'))
    .option('--own-roles <list>', "driftguard's own roles", list, [])
    .option('--platform-principals <list>', 'who may change bindings',
      list, [])
    .option('--vendor-principals <list>', 'vendor principals', list, [])
    .addOption(nowOption())
    .action(async (options: SimulateOptions) => {
      const bundle = await bundleOf(options.profiles, io, { quiet: true });
      const event = await readEvent(options.event);
      const snapshot = await readSnapshot(options.snapshot).catch((e) => {
        throw e instanceof SnapshotError ? new InputError(e.message) : e;
      });
      const decision = simulate({
        event, snapshot, bundle, cap: options.mode,
        ownRoles: options.ownRoles,
        principals: { platform: options.platformPrincipals,
          vendor: options.vendorPrincipals },
        now: options.now ?? new Date(),
      });
      io.out(options.format === 'json'
        ? `${JSON.stringify(decisionView(decision), null, 2)}\n`
        : text(decision, io));
      outcome.code = decision.decision === 'invalid' ? 2 : 0;
    });
}
