// `npm run package [-- osls options]`: packages the deployment with osls
// into .serverless/ (or `--package DIR`), offline: it never calls AWS, and
// runs with dummy keys so that anything that tried would fail instead of
// reaching an account. Packagings of one working copy take turns (a lock),
// since they share osls's and serverless-esbuild's work folders and the
// intent bundle; packaging elsewhere keeps what .serverless/ holds.
import { spawn } from 'node:child_process';
import {
  mkdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where serverless.yml lives. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '..');

/** The CloudFormation template of a packaged deployment, in its folder. */
export const TEMPLATE = 'cloudformation-template-update-stack.json';

const OSLS = path.join(ROOT, 'node_modules/osls/bin/serverless.js');
const DEFAULT_OUT = path.join(ROOT, '.serverless');
const LOCK = path.join(ROOT, '.package.lock');

/** osls ran and failed; its output says why. */
export class PackageError extends Error {
  override name = 'PackageError';
}

/** The environment osls runs in: the caller's, without AWS credentials. */
export function offlineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE',
    'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
    delete copy[name];
  }
  return {
    ...copy,
    AWS_ACCESS_KEY_ID: 'offline-packaging',
    AWS_SECRET_ACCESS_KEY: 'offline-packaging',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** Options of {@link packageDeployment}. */
export interface PackageOptions {
  /** Folder of the package (default .serverless/). */
  out?: string;
  /** More osls options: `--stage`, `--param=name=value`, … */
  args?: string[];
  /** Where osls's output goes (default: this process's stderr). */
  log?: (text: string) => void;
}

/**
 * Package the deployment (`osls package`) and return the folder holding
 * its template and function zips. Throws with osls's output when it fails.
 */
export async function packageDeployment(
  options: PackageOptions = {},
): Promise<string> {
  const extra = options.args ?? [];
  const given = extra.findIndex((arg) => arg.startsWith('--package'));
  const named = given < 0 ? undefined : extra[given]?.includes('=')
    ? extra[given]?.split('=')[1] : extra[given + 1];
  const out = path.resolve(ROOT, options.out ?? named ?? DEFAULT_OUT);
  const args = [OSLS, 'package', ...given < 0 ? ['--package', out] : [],
    ...extra];
  const log = options.log ?? ((text: string) => {
    process.stderr.write(text);
  });
  await withLock(() => out === DEFAULT_OUT ? run(args, log)
    : keeping(DEFAULT_OUT, () => run(args, log)));
  return out;
}

/**
 * Run `work` with `dir` moved aside and put back after: osls builds in
 * .serverless/ whatever the package folder, and empties it first.
 */
async function keeping(dir: string, work: () => Promise<void>) {
  const aside = `${dir}.kept-${process.pid}`;
  const moved = await rename(dir, aside).then(() => true, () => false);
  try {
    await work();
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (moved) await rename(aside, dir);
  }
}

function run(args: string[], log: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT, env: offlineEnv(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk;
      log(chunk.toString());
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => code === 0 ? resolve() : reject(
      new PackageError(`osls package failed (exit ${code}):\n` +
        output.slice(-8000))));
  });
}

/**
 * Run `work` holding the packaging lock: a folder only one process can
 * create. A lock whose holder is gone is taken over.
 */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await holderAlive()) await sleep(500);
      else await rm(LOCK, { recursive: true, force: true });
    }
  }
  await writeFile(path.join(LOCK, 'pid'), String(process.pid));
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function holderAlive(): Promise<boolean> {
  const pid = Number(await readFile(path.join(LOCK, 'pid'), 'utf8')
    .catch(() => ''));
  if (!pid) {
    // Being taken right now, unless its taker died before naming itself.
    const made = await stat(LOCK).then((s) => s.mtimeMs, () => 0);
    return Date.now() - made < 60_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const out = await packageDeployment({ args: process.argv.slice(2) });
    process.stderr.write(`packaged into ${path.relative(ROOT, out)}/\n`);
  } catch (error) {
    // When osls failed, it has said why on this process's stderr.
    if (!(error instanceof PackageError)) console.error(error);
    process.exitCode = 1;
  }
}
