import type { Command } from 'commander';
import { emit, type Io, type Outcome } from '../io.ts';
import { bundleOf } from '../profiles.ts';

/** `driftguard bundle DIR`: compile a profile folder into an intent bundle. */
export function bundleCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('bundle')
    .description('compile a profile folder into one intent bundle (JSON)')
    .argument('<dir>', 'folder of profile YAML files')
    .option('--out <file>', 'write the bundle to a file')
    .action(async (dir: string, options: { out?: string }) => {
      const bundle = await bundleOf(dir, io);
      await emit(io, `${JSON.stringify(bundle, null, 2)}\n`, options.out);
      outcome.code = 0;
    });
}
