import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import type {
  Diagnostic,
  IntentBundle,
} from '../../../shared/profiles/index.ts';

/** The on-disk fixture folders of these tests. */
export const FIXTURES = new URL('../../fixtures/profiles/', import.meta.url)
  .pathname;

/** Writes a folder of files (relative path → text) under a temp dir. */
export async function writeFolder(
  files: Readonly<Record<string, string>>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftguard-profiles-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** `file:line:col`, as the CLI prints a diagnostic's position. */
export function at(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}`;
}

/** A Profile document with the given metadata and spec lines. */
export function profile(
  name: string,
  layer: string,
  spec: string,
  extra = '',
): string {
  return [
    'apiVersion: driftguard/v1',
    'kind: Profile',
    'metadata:',
    `  name: ${name}`,
    `  layer: ${layer}`,
    '  version: 1',
    ...(extra ? [extra] : []),
    'spec:',
    spec,
  ].join('\n') + '\n';
}

/** Loads a folder written from `files`, failing on any diagnostic. */
export async function bundleOf(
  files: Readonly<Record<string, string>>,
): Promise<IntentBundle> {
  const { bundle, diagnostics } = await loadProfiles(await writeFolder(files));
  if (!bundle || diagnostics.length > 0) {
    const lines = diagnostics.map((d) => `${at(d)}: ${d.message}`);
    throw new Error(`the fixture did not load:\n${lines.join('\n')}`);
  }
  return bundle;
}
