import { Command, CommanderError } from 'commander';
import { AwsCallError } from '../shared/aws/errors.ts';
import pkg from '../package.json' with { type: 'json' };
import { bundleCommand } from './commands/bundle.ts';
import { demoCommand } from './commands/demo.ts';
import { explainCommand } from './commands/explain.ts';
import { historyCommand } from './commands/history.ts';
import { planCommand } from './commands/plan.ts';
import { releaseCommand } from './commands/release.ts';
import { rolloutCommand } from './commands/rollout.ts';
import { rotateCommand } from './commands/rotate.ts';
import { simulateCommand } from './commands/simulate.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { sweepCommand } from './commands/sweep.ts';
import { validateCommand } from './commands/validate.ts';
import { InputError, UsageError, type Io, type Outcome } from './io.ts';
import { ProfileErrors } from './profiles.ts';

type Register = (program: Command, io: Io, outcome: Outcome) => void;

const COMMANDS: Register[] = [
  validateCommand,
  explainCommand,
  sweepCommand,
  planCommand,
  snapshotCommand,
  simulateCommand,
  historyCommand,
  releaseCommand,
  rotateCommand,
  rolloutCommand,
  demoCommand,
  bundleCommand,
];

/** Every command, subcommands too, reports through `io` and returns. */
function quiet(commands: readonly Command[], io: Io): void {
  for (const command of commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
    });
    quiet(command.commands, io);
  }
}

function build(io: Io, outcome: Outcome): Command {
  const program = new Command('driftguard')
    .description('keeps AWS security groups true to their profiles')
    .version(pkg.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
    })
    .showHelpAfterError('(run driftguard help for the commands)');
  for (const register of COMMANDS) register(program, io, outcome);
  quiet(program.commands, io);
  return program;
}

/**
 * Runs the command line and returns the exit code: 0 ran, 1 findings at
 * or above --fail-on or profile errors, 2 bad usage, unreadable input or
 * an AWS call that failed (the message names account and region).
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const outcome: Outcome = { code: 0 };
  const program = build(io, outcome);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return outcome.code;
  } catch (error) {
    return failure(error, io);
  }
}

function failure(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ProfileErrors) {
    io.err(`driftguard: ${error.message}\n`);
    return 1;
  }
  if (error instanceof UsageError || error instanceof InputError ||
      error instanceof AwsCallError) {
    io.err(`driftguard: ${error.message}\n`);
    return 2;
  }
  throw error;
}
