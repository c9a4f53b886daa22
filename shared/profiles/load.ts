import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildBundle } from './build.ts';
import type { Loaded } from './build.ts';
import {
  duplicateNames,
  duplicateRuleIds,
  expired,
  extraSettings,
  namesOf,
} from './check.ts';
import type { Names } from './check.ts';
import { compareDiagnostics } from './diagnostics.ts';
import { profileReferences, settingsReferences } from './references.ts';
import type { Diagnostic, IntentBundle } from './types.ts';
import { headerOf, validateDocument } from './validate.ts';
import type { Header } from './validate.ts';
import { walkYaml } from './walk.ts';
import { readYaml } from './yaml.ts';

/** How a profile folder is loaded. */
export interface LoadOptions {
  /** The time expired exemptions are judged at; now by default. */
  readonly now?: Date;
  /** Treat warnings about the files themselves as errors (not expiry). */
  readonly strict?: boolean;
}

/** A loaded folder: the bundle only when no diagnostic is an error. */
export interface LoadResult {
  readonly bundle?: IntentBundle;
  readonly diagnostics: Diagnostic[];
}

interface Read {
  readonly loaded: Loaded[];
  readonly headers: Header[];
  readonly diagnostics: Diagnostic[];
}

async function readFolder(dir: string, files: readonly string[]) {
  const read: Read = { loaded: [], headers: [], diagnostics: [] };
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8').catch(
      (error: unknown) => error as Error,
    );
    if (text instanceof Error) {
      read.diagnostics.push({ file, line: 1, col: 1, level: 'error',
        message: `cannot be read (${text.message})` });
      continue;
    }
    readOne(text, file, read);
  }
  return read;
}

function readOne(text: string, file: string, read: Read): void {
  const yaml = readYaml(text, file);
  read.diagnostics.push(...yaml.diagnostics);
  if (!yaml.document) return;
  const header = headerOf(yaml.document);
  if (header) read.headers.push(header);
  const validated = validateDocument(yaml.document);
  read.diagnostics.push(...validated.diagnostics);
  if (validated.doc) {
    read.loaded.push({ doc: validated.doc, yaml: yaml.document });
  }
}

function documentChecks(item: Loaded, names: Names): Diagnostic[] {
  switch (item.doc.kind) {
    case 'Profile': {
      const profile = item as Loaded<typeof item.doc>;
      return [
        ...duplicateRuleIds(profile),
        ...profileReferences(profile, names),
      ];
    }
    case 'Settings':
      return settingsReferences(item as Loaded<typeof item.doc>, names);
    default:
      return [];
  }
}

function raise(diagnostic: Diagnostic): Diagnostic {
  return { ...diagnostic, level: 'error' };
}

/**
 * Loads every YAML file under `dir`: each is parsed with positions,
 * checked against the schema of its kind, then all are checked together
 * (duplicate names and rule ids, references, expired exemptions, a second
 * Settings). Every problem of every file is reported at its file, line and
 * column; the bundle is returned only when none is an error.
 */
export async function loadProfiles(
  dir: string,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const read = await readFolder(dir, await walkYaml(dir));
  const names = namesOf(read.headers);
  const now = options.now ?? new Date();
  const found = [
    ...read.diagnostics,
    ...duplicateNames(read.headers),
    ...extraSettings(read.headers),
    ...read.loaded.flatMap((item) => documentChecks(item, names)),
  ];
  const diagnostics = [
    ...(options.strict ? found.map(raise) : found),
    ...read.loaded.flatMap((item) => expired(item, now)),
  ].sort(compareDiagnostics);
  if (diagnostics.some((d) => d.level === 'error')) return { diagnostics };
  return { bundle: buildBundle(read.loaded), diagnostics };
}
