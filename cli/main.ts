#!/usr/bin/env node
import { processIo } from './io.ts';
import { run } from './program.ts';

const io = processIo();
try {
  process.exitCode = await run(process.argv.slice(2), io);
} catch (error) {
  // A failure nobody anticipated: say so plainly, with the stack to report.
  io.err(`driftguard: unexpected failure: ${(error as Error).stack}\n`);
  process.exitCode = 2;
}
