import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProfileFolderError } from './errors.ts';

const YAML = /\.ya?ml$/i;

function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The YAML files under `dir` at any depth, as paths relative to it with `/`
 * separators, in a sorted order that does not depend on the file system.
 * Names starting with a dot (`.git`, editor files) are skipped.
 */
export async function walkYaml(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true })
    .catch((error: unknown) => {
      if (prefix) throw error;
      throw new ProfileFolderError(dir, `cannot be read as a folder of ` +
        `profiles (${(error as Error).message})`, { cause: error });
    });
  const names = entries.filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => byCodePoint(a.name, b.name));
  const files: string[] = [];
  for (const entry of names) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...await walkYaml(dir, path));
    else if (YAML.test(entry.name)) files.push(path);
  }
  return files;
}
