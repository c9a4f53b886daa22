// The deployment as `npm run package` makes it, for the tests that read
// the packaged CloudFormation and function zips. It is packaged once per
// content of its inputs, into a folder of the system's temporary folder
// named by their hash, and reused while they stay the same; the user's
// .serverless/ is left alone.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  packageDeployment,
  ROOT,
  TEMPLATE,
} from '../../../scripts/package.ts';
import {
  readJsonTemplate,
  type Template,
} from '../../unit/deploy/cloudformation.ts';

/** What the package is made of: its files, and every folder's. */
const INPUTS = ['serverless.yml', 'package-lock.json', 'infra', 'scripts',
  'functions', 'shared', 'examples/profiles', 'cli'];

const PREFIX = 'driftguard-package-';

/** Packaging takes long on a busy machine; give it room in a hook. */
export const PACKAGE_TIMEOUT_MS = 600_000;

async function files(entry: string): Promise<string[]> {
  const full = path.join(ROOT, entry);
  if (!(await stat(full)).isDirectory()) return [entry];
  const names = await readdir(full, { recursive: true, withFileTypes: true });
  return names.filter((d) => d.isFile())
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)))
    .sort();
}

async function inputHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await Promise.all(INPUTS.map(files))).flat()) {
    hash.update(file).update('\0').update(
      await readFile(path.join(ROOT, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

// Packages of other contents, an hour old: no run is reading them now.
async function removeStale(keep: string): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(tmpdir(), name);
    if (dir === keep) continue;
    const made = await stat(dir).then((s) => s.mtimeMs, () => Date.now());
    if (Date.now() - made > 3_600_000) {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

let packaged: Promise<string> | undefined;

/** The folder of the packaged deployment, packaging it when need be. */
export function packagedDir(): Promise<string> {
  packaged ??= (async () => {
    const out = path.join(tmpdir(), `${PREFIX}${await inputHash()}`);
    if (!existsSync(path.join(out, TEMPLATE))) {
      // Made aside and moved in whole: another run may read `out` now.
      const aside = `${out}.${process.pid}`;
      let log = '';
      await packageDeployment({ out: aside, log: (text) => { log += text; } })
        .catch((error: unknown) => {
          throw new Error(`packaging failed:\n${log}`, { cause: error });
        });
      await rename(aside, out).catch(() =>
        rm(aside, { recursive: true, force: true }));
      await removeStale(out);
    }
    return out;
  })();
  return packaged;
}

/** The packaged CloudFormation template. */
export async function packagedTemplate(): Promise<Template> {
  return readJsonTemplate(path.join(await packagedDir(), TEMPLATE));
}
