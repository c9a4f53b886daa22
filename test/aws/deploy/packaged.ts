// The deployment as `npm run package` makes it, for the tests that read
// the packaged CloudFormation and function zips: in the default
// configuration, and in an organization's (every optional part on). Each
// is packaged once per content of its inputs and its options, into a
// folder of the system's temporary folder named by their hash, and reused
// while they stay the same; the user's .serverless/ is left alone.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
} from 'node:fs/promises';
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

async function inputHash(args: string[]): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(args));
  for (const file of (await Promise.all(INPUTS.map(files))).flat()) {
    hash.update(file).update('\0').update(
      await readFile(path.join(ROOT, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

// Packages of other contents no run has used for an hour (each use marks
// its package): no run is reading them now.
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

/** One way of packaging the deployment: a name, and the osls options. */
export interface Configuration {
  name: string;
  args: string[];
}

/** The parameters' defaults: a dry run of one account, nothing optional. */
export const DEFAULT_CONFIGURATION: Configuration = { name: 'default',
  args: [] };

/** The organization of the tests' deployments. */
export const ORGANIZATION_ID = 'o-a1b2c3d4e5';

/** Where the organization configuration reads its Slack webhook. */
export const SLACK_PARAMETER = 'driftguard/slack-webhook';

/**
 * An organization's deployment that enforces, with every optional part
 * on: member accounts forwarding to the bus, Slack and Security Hub.
 */
export const ORGANIZATION_CONFIGURATION: Configuration = {
  name: 'organization',
  args: [`--param=organizationId=${ORGANIZATION_ID}`,
    `--param=slackSecret=ssm:/${SLACK_PARAMETER}`,
    '--param=securityHub=true', '--param=mode=enforce'],
};

/** Both, for the tests that check every packaging. */
export const CONFIGURATIONS = [DEFAULT_CONFIGURATION,
  ORGANIZATION_CONFIGURATION];

const packaged = new Map<string, Promise<string>>();

/** The folder of a packaged deployment, packaging it when need be. */
export function packagedDir(
  configuration: Configuration = DEFAULT_CONFIGURATION,
): Promise<string> {
  const key = JSON.stringify(configuration.args);
  let dir = packaged.get(key);
  if (!dir) {
    dir = packageOnce(configuration);
    packaged.set(key, dir);
  }
  return dir;
}

async function packageOnce(configuration: Configuration): Promise<string> {
  const hash = await inputHash(configuration.args);
  const out = path.join(tmpdir(), `${PREFIX}${hash}`);
  if (existsSync(path.join(out, TEMPLATE))) {
    const now = new Date();
    await utimes(out, now, now).catch(() => undefined);
    return out;
  }
  // Made aside and moved in whole: another run may read `out` now.
  const aside = `${out}.${process.pid}`;
  let log = '';
  await packageDeployment({ out: aside, args: configuration.args,
    log: (text) => { log += text; } })
    .catch((error: unknown) => {
      throw new Error(`packaging ${configuration.name} failed:\n${log}`,
        { cause: error });
    });
  await rename(aside, out).catch(() =>
    rm(aside, { recursive: true, force: true }));
  await removeStale(out);
  return out;
}

/** A packaged CloudFormation template. */
export async function packagedTemplate(
  configuration: Configuration = DEFAULT_CONFIGURATION,
): Promise<Template> {
  return readJsonTemplate(path.join(await packagedDir(configuration),
    TEMPLATE));
}
