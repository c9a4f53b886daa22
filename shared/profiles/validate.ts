import type * as z from 'zod';
import { DOCUMENTS, envelope, KINDS } from './schema/documents.ts';
import type { Doc, Kind } from './schema/documents.ts';
import { errorMap, UNKNOWN_KEY_SEPARATOR } from './schema/messages.ts';
import { errorAt } from './diagnostics.ts';
import type { Diagnostic, Source } from './types.ts';
import type { YamlDocument } from './yaml.ts';

/** A document checked against the schema of its kind. */
export interface Validated {
  /** The document as read, when it has no error. */
  readonly doc?: Doc;
  readonly diagnostics: Diagnostic[];
}

/** The kind and name of a document, read even when the rest is wrong. */
export interface Header {
  readonly kind: Kind;
  readonly name: string;
  readonly source: Source;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[])
    .includes(value);
}

/** The kind and name of a document, if both can be read. */
export function headerOf(yaml: YamlDocument): Header | undefined {
  const value = yaml.value;
  if (!isRecord(value) || !isKind(value.kind)) return undefined;
  const metadata = value.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string') {
    return undefined;
  }
  const source = yaml.locate(['metadata', 'name']).source;
  return { kind: value.kind, name: metadata.name, source };
}

/**
 * Checks a document against the schema of its kind (or, when the kind is
 * missing or unknown, against what every document must have) and turns
 * each issue into a diagnostic at the position of what it is about.
 */
export function validateDocument(yaml: YamlDocument): Validated {
  const value = yaml.value;
  const kind = isRecord(value) ? value.kind : undefined;
  const schema = isKind(kind) ? DOCUMENTS[kind] : envelope;
  const result = schema.safeParse(value, { error: errorMap });
  if (!result.success) {
    const issues = result.error.issues;
    return { diagnostics: issues.flatMap((i) => diagnose(i, yaml)) };
  }
  if (!isKind(kind)) return { diagnostics: [] };
  return { doc: result.data as Doc, diagnostics: [] };
}

/** The name of what a path leads to: `ports`, `cidrs[1]`, `document`. */
function label(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === 'number') {
    return `${label(path.slice(0, -1))}[${last}]`;
  }
  return last === undefined ? 'the document' : String(last);
}

function isWhole(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'custom' && issue.params?.whole === true;
}

function diagnose(issue: z.core.$ZodIssue, yaml: YamlDocument): Diagnostic[] {
  if (issue.code === 'unrecognized_keys') return unknownKeys(issue, yaml);
  const at = issue.code === 'custom' && issue.params?.at === 'key'
    ? 'key'
    : 'value';
  const where = yaml.locate(issue.path, at);
  const last = issue.path.at(-1);
  if (where.missing && !isWhole(issue)) {
    return [errorAt(where.source, `missing required key "${String(last)}"`)];
  }
  const message = isWhole(issue)
    ? issue.message
    : `${label(issue.path)} ${issue.message}`;
  return [errorAt(where.source, message)];
}

function unknownKeys(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  yaml: YamlDocument,
): Diagnostic[] {
  const [noun, accepted] = issue.message.split(UNKNOWN_KEY_SEPARATOR);
  const expected = accepted === undefined
    ? ''
    : ` (expected one of: ${accepted})`;
  return issue.keys.map((key) => {
    const where = yaml.locate([...issue.path, key], 'key');
    return errorAt(where.source,
      `unknown ${accepted === undefined ? 'key' : noun} ` +
        `${JSON.stringify(key)}${expected}`);
  });
}
