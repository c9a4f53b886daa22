import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
} from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Diagnostic, Source } from './types.ts';

/** Where a path of keys leads in a document, and whether it is there. */
export interface Located {
  readonly source: Source;
  /** True when the last key of the path is absent from its mapping. */
  readonly missing: boolean;
}

/** One YAML document as plain data, able to say where its parts were. */
export interface YamlDocument {
  readonly value: unknown;
  readonly source: Source;
  /** The position of a path: its key (`at: 'key'`) or its value. */
  locate(path: readonly PropertyKey[], at?: 'key' | 'value'): Located;
}

/** A file read as YAML: its one document, unless it could not be read. */
export interface YamlFile {
  readonly document?: YamlDocument;
  readonly diagnostics: Diagnostic[];
}

type Position = (offset: number) => Source;

function isEmpty(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  return doc.errors.length === 0 &&
    (contents === null || (isScalar(contents) && contents.value === null));
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * Reads a file as YAML. Syntax errors, duplicate keys and a second document
 * are errors at their position; the document is returned unless its syntax
 * is broken, so that its content can still be checked.
 */
export function readYaml(text: string, file: string): YamlFile {
  const counter = new LineCounter();
  const position: Position = (offset) => ({ file, ...counter.linePos(offset) });
  const docs = parseAllDocuments(text, {
    lineCounter: counter,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const diagnostics: Diagnostic[] = [];
  for (const doc of docs) diagnostics.push(...syntaxProblems(doc, position));
  const filled = docs.filter((doc) => !isEmpty(doc));
  const [first, second] = filled;
  if (second) {
    diagnostics.push({
      ...position(second.range[0]),
      level: 'error',
      message: 'a second YAML document starts here (expected one document ' +
        'per file)',
    });
  }
  if (!first) {
    diagnostics.push({
      file, line: 1, col: 1, level: 'warning',
      message: 'the file holds no YAML document; it is ignored',
    });
    return { diagnostics };
  }
  if (first.errors.length > 0) return { diagnostics };
  diagnostics.push(...duplicateKeys(first, position));
  return { document: wrap(first, position), diagnostics };
}

function syntaxProblems(doc: Document.Parsed, position: Position) {
  const problems: Diagnostic[] = [];
  for (const error of doc.errors) {
    problems.push({
      ...position(error.pos[0]),
      level: 'error',
      message: `malformed YAML: ${error.message}`,
    });
  }
  for (const warning of doc.warnings) {
    problems.push({
      ...position(warning.pos[0]),
      level: 'warning',
      message: `YAML: ${warning.message}`,
    });
  }
  return problems;
}

function duplicateKeys(doc: Document.Parsed, position: Position) {
  const problems: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      problems.push(...duplicatesIn(map, position));
    },
  });
  return problems;
}

function duplicatesIn(map: YAMLMap, position: Position): Diagnostic[] {
  const seen = new Map<string, Source>();
  const problems: Diagnostic[] = [];
  for (const pair of map.items) {
    const key = keyText(pair.key);
    const offset = offsetOf(pair.key);
    if (key === undefined || offset === undefined) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, position(offset));
      continue;
    }
    problems.push({
      ...position(offset),
      level: 'error',
      message: `duplicate key ${JSON.stringify(key)} (first at line ` +
        `${first.line}; expected each key once)`,
    });
  }
  return problems;
}

function wrap(doc: Document.Parsed, position: Position): YamlDocument {
  const start = offsetOf(doc.contents) ?? doc.range[0];
  return {
    value: doc.toJS({ maxAliasCount: 100 }),
    source: position(start),
    locate: (path, at = 'value') => locate(doc, path, at, position),
  };
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function findPair(map: YAMLMap, key: PropertyKey): Pair | undefined {
  return map.items.find((pair) => keyText(pair.key) === String(key));
}

function locate(
  doc: Document.Parsed,
  path: readonly PropertyKey[],
  at: 'key' | 'value',
  position: Position,
): Located {
  let node: unknown = doc.contents;
  let head: unknown = node;
  for (const [index, step] of path.entries()) {
    const current = deref(doc, node);
    const last = index === path.length - 1;
    if (isMap(current)) {
      const pair = findPair(current, step);
      if (!pair) return located(head, doc, position, last);
      head = pair.key;
      node = pair.value ?? pair.key;
      if (last && at === 'key') return located(pair.key, doc, position);
    } else if (isSeq(current) && typeof step === 'number') {
      node = current.items[step];
      head = node;
    } else {
      break;
    }
  }
  return located(node ?? head, doc, position);
}

function located(
  node: unknown,
  doc: Document.Parsed,
  position: Position,
  missing = false,
): Located {
  const offset = offsetOf(node) ?? offsetOf(doc.contents) ?? doc.range[0];
  return { source: position(offset), missing };
}
