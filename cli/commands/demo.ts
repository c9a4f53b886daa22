import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  ensureVenv,
  startEmulator,
} from '../../test/aws/emulator/emulator.ts';
import { runDemo, stepLines } from '../demo/script.ts';
import { InputError, paint, type Io, type Outcome } from '../io.ts';
import { bundleOf } from '../profiles.ts';

const REQUIREMENTS = 'test/aws/emulator/requirements.txt';

/**
 * `driftguard demo`: the local rehearsal. Starts the AWS emulator the tests
 * use (installing it into .venv on first use), builds the example account,
 * makes rogue changes, and shows what the event path decides and does
 * about each, then releases the quarantine.
 */
export function demoCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('demo')
    .description('a full local rehearsal against the AWS emulator')
    .option('--profiles <dir>', 'folder of profile YAML files',
      'examples/profiles')
    .action(async (options: { profiles: string }) => {
      const root = process.cwd();
      const requirements = path.join(root, REQUIREMENTS);
      if (!existsSync(requirements)) {
        throw new InputError('driftguard demo runs in a clone of the ' +
          `repository: ${REQUIREMENTS} is not here`);
      }
      const bundle = await bundleOf(options.profiles, io, { quiet: true });
      const c = paint(io);
      io.err('starting the AWS emulator (moto); the first run installs it\n');
      const venv = await ensureVenv({ root, requirements,
        log: (m) => io.err(`${m}\n`) });
      const emulator = await startEmulator({ venv });
      // The emulator takes any keys; real ones never leave this machine.
      process.env.AWS_ACCESS_KEY_ID ??= 'demo';
      process.env.AWS_SECRET_ACCESS_KEY ??= 'demo';
      try {
        const report = await runDemo(emulator.endpoint, bundle, (step) => {
          io.out(`${stepLines(step).map((l, i) =>
            i === 0 ? c.bold(l) : l).join('\n')}\n\n`);
        });
        const r = report.released;
        io.out(`${c.bold('▶ the operator releases the quarantine')}\n` +
          `  driftguard release ${r.entryId}\n` +
          `  interface ${report.world.pciInterface}: quarantined on ` +
          `${r.groupsBefore.join(', ')}; released to ` +
          `${r.groupsAfter.join(', ')}, exactly as it was before\n`);
        outcome.code = 0;
      } finally {
        await emulator.stop();
      }
    });
}
