// The AWS emulator: moto in server mode, pinned in requirements.txt,
// installed into a project-local virtual environment on first use and
// started on a free loopback port. The test suite and `driftguard demo`
// both start it through this module. The same pins hold the template
// scanners the tests run (cfn-lint and checkov), resolved together with
// moto, so one venv serves both.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The repository root, where `.venv/` lives. */
export const REPO_ROOT = path.resolve(HERE, '../../..');

/** The pinned requirements of the emulator. */
export const REQUIREMENTS = path.join(HERE, 'requirements.txt');

/** File in the venv holding the hash of the requirements it was built from. */
const STAMP = '.driftguard-requirements.sha256';

/** Commands the venv must hold once the requirements are installed. */
export const VENV_COMMANDS = ['moto_server', 'cfn-lint', 'checkov'];

const PYTHON_REQUIRED =
  'Python 3 is required to run the AWS emulator tests: driftguard installs ' +
  'moto (the AWS emulator) into .venv with `python3 -m venv`';

/** Options of {@link ensureVenv}. */
export interface VenvOptions {
  /** Folder that holds `.venv/` (default: the repository root). */
  root?: string;
  /** Requirements file (default: the one beside this module). */
  requirements?: string;
  /** Python interpreter to build the venv with (default `python3`). */
  python?: string;
  /** Told what is being installed, when something is. */
  log?: (message: string) => void;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** The venv that {@link ensureVenv} returned (default `ROOT/.venv`). */
  venv?: string;
  /** How long to wait for the server to answer (default 60 s). */
  timeoutMs?: number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL for the SDK clients' `endpoint`, e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  /** Forget every resource in every account and region. */
  reset(): Promise<void>;
  /** Stop the server; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Create `.venv/` and install the pinned emulator into it, unless it is
 * there already, installed from the same requirements (a hash of them is
 * kept in a stamp file). Returns the venv's folder.
 */
export async function ensureVenv(options: VenvOptions = {}): Promise<string> {
  const venv = path.join(options.root ?? REPO_ROOT, '.venv');
  const requirements = options.requirements ?? REQUIREMENTS;
  const hash = createHash('sha256')
    .update(await readFile(requirements))
    .digest('hex');
  if (await isInstalled(venv, hash)) return venv;

  const log = options.log ?? (() => {});
  await checkPython(options.python ?? 'python3');
  if (!existsSync(python(venv))) {
    log(`creating ${venv}`);
    await runOrThrow(options.python ?? 'python3', ['-m', 'venv', venv]);
  }

  log(`installing the AWS emulator (moto) and the template scanners ` +
    `(cfn-lint, checkov) into ${venv}`);
  await runOrThrow(python(venv), [
    '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input',
    '-r', requirements,
  ]);
  await writeFile(`${path.join(venv, STAMP)}.tmp`, `${hash}\n`);
  await rename(`${path.join(venv, STAMP)}.tmp`, path.join(venv, STAMP));
  return venv;
}

/**
 * Start moto's server on a free loopback port and wait until it answers.
 * The server goes when {@link Emulator.stop} is called, when this process
 * exits, and also when this process dies without exiting (it watches its
 * standard input, which closes then).
 */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const venv = options.venv ?? path.join(REPO_ROOT, '.venv');
  const timeoutMs = options.timeoutMs ?? 60_000;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return await startOnPort(venv, port, timeoutMs);
    } catch (error) {
      // Another process may take the port between our probe and the bind.
      const taken = String(error).includes('Address already in use');
      if (!taken || attempt === 3) throw error;
    }
  }
}

/** Forget every resource the emulator at `endpoint` holds. */
export async function resetEmulator(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, {
    method: 'POST',
  });
  if (!response.ok) {
    const body = await response.text();
    throw new Error(`emulator reset failed: ${response.status} ${body}`);
  }
}

// Runs moto_server's own script after starting a thread that ends the
// process when its standard input closes, i.e. when the Node process that
// started it is gone, however it went (even SIGKILL).
const WATCHDOG = [
  'import os, runpy, sys, threading',
  'def watch():',
  '    sys.stdin.buffer.read()',
  '    os._exit(0)',
  'threading.Thread(target=watch, daemon=True).start()',
  'sys.argv = sys.argv[1:]',
  "runpy.run_path(sys.argv[0], run_name='__main__')",
].join('\n');

async function startOnPort(
  venv: string,
  port: number,
  timeoutMs: number,
): Promise<Emulator> {
  const server = path.join(venv, 'bin', 'moto_server');
  if (!existsSync(server)) {
    throw new Error(`${server} is missing: run ensureVenv() first`);
  }
  const child = spawn(
    python(venv),
    ['-c', WATCHDOG, server, '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const stderr = tail(child);
  const killNow = () => { child.kill('SIGKILL'); };
  process.on('exit', killNow);
  child.stdin?.on('error', () => {});

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killNow);
    await terminate(child);
  };
  try {
    await waitUntilAnswering(endpoint, child, stderr, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  detach(child);
  return { endpoint, reset: () => resetEmulator(endpoint), stop };
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const status = child.exitCode ?? child.signalCode;
      throw new Error(
        `the AWS emulator exited (${status}) before answering:\n${stderr()}`);
    }
    if (await answers(endpoint)) return;
    await sleep(100);
  }
  throw new Error(`the AWS emulator did not answer at ${endpoint} within ` +
    `${timeoutMs} ms:\n${stderr()}`);
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** Stop the server: SIGTERM, then SIGKILL if it lingers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Let this process exit while the server runs (the exit hook stops it). */
function detach(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stderr]) {
    (stream as { unref?: () => void } | null)?.unref?.();
  }
}

/** The last 64 KiB the child wrote to stderr. */
function tail(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-65_536);
  });
  return () => text.trim();
}

async function isInstalled(venv: string, hash: string): Promise<boolean> {
  const missing = VENV_COMMANDS.some((command) =>
    !existsSync(path.join(venv, 'bin', command)));
  if (missing) return false;
  const stamp = await readFile(path.join(venv, STAMP), 'utf8')
    .catch(() => '');
  return stamp.trim() === hash;
}

async function checkPython(interpreter: string): Promise<void> {
  const probe = 'import sys; print("%d.%d" % sys.version_info[:2])';
  const result = await run(interpreter, ['-c', probe]).catch(
    (error: unknown) => ({ code: -1, output: String(error) }),
  );
  if (result.code !== 0) {
    throw new Error(`${PYTHON_REQUIRED}, and \`${interpreter}\` did not ` +
      `run:\n${result.output.trim()}`);
  }
  const [major = 0, minor = 0] = result.output.trim().split('.').map(Number);
  if (major !== 3 || minor < 9) {
    throw new Error(`${PYTHON_REQUIRED} (3.9 or newer); \`${interpreter}\` ` +
      `is ${result.output.trim()}`);
  }
}

async function runOrThrow(command: string, args: string[]): Promise<void> {
  const result = await run(command, args);
  if (result.code !== 0) {
    const last = result.output.trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`${command} ${args.join(' ')}\` failed ` +
      `(exit ${result.code}):\n${last}`);
  }
}

/** Run a command to its end; `output` is stdout and stderr together. */
function run(
  command: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function python(venv: string): string {
  return path.join(venv, 'bin', 'python');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
