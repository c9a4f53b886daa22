import type { Diagnostic, Source } from './types.ts';

/** An error at a position. */
export function errorAt(source: Source, message: string): Diagnostic {
  return { ...source, level: 'error', message };
}

/** Orders diagnostics by file, then line, then column. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}
