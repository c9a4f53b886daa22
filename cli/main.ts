#!/usr/bin/env node
import { processIo } from './io.ts';
import { run } from './program.ts';

// A reader that goes away (`| head`) is not a failure of ours: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const io = processIo();
try {
  process.exitCode = await run(process.argv.slice(2), io);
} catch (error) {
  // A failure nobody anticipated: say so plainly, with the stack to report.
  io.err(`driftguard: unexpected failure: ${(error as Error).stack}\n`);
  process.exitCode = 2;
}
