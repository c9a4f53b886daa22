import type { Io } from '../../../cli/io.ts';
import { run } from '../../../cli/program.ts';

/** What a command printed and its exit code. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in-process with captured output. */
export async function cli(argv: string[], color = false): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => { stdout += text; },
    err: (text) => { stderr += text; },
    color,
    interactive: false,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

export const PROFILES = 'examples/profiles';
export const ACCOUNT = 'examples/account.json';
export const NOW = ['--now', '2026-12-01T00:00:00Z'];
