import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);

/** Runs a node script and returns its exit code and output. */
async function node(args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, args,
      { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const SWEEP = ['sweep', '--profiles', 'examples/profiles', '--snapshot',
  'examples/account.json', '--now', '2026-12-01T00:00:00Z'];

describe('the driftguard process', () => {
  beforeAll(async () => {
    await exec(process.execPath, ['scripts/build-cli.ts']);
  });

  it('exits 1 at --fail-on with nothing but JSON on stdout', async () => {
    const ran = await node(['cli/main.ts', ...SWEEP, '--format', 'json',
      '--fail-on', 'critical']);
    expect(ran.code).toBe(1);
    expect(JSON.parse(ran.stdout).summary.failing).toBe(4);
    expect(ran.stderr).toBe('');
  });

  it('runs as the bundled bin the package installs', async () => {
    const ran = await node(['dist/driftguard.mjs', ...SWEEP]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/30 findings \(4 critical/);
  });

  it('exits 2 on an unknown option', async () => {
    const ran = await node(['dist/driftguard.mjs', 'validate', '.', '--frob']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/unknown option '--frob'/);
  });
});
