import { createHash } from 'node:crypto';
import type { IntentBundle } from './types.ts';

function isSource(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value).sort().join(',');
  return keys === 'col,file,line';
}

/**
 * JSON with keys sorted at every depth, undefined left out, and (with
 * `dropSources`) every `source` position removed.
 */
export function canonicalJson(value: unknown, dropSources = false): string {
  return JSON.stringify(canonical(value, dropSources));
}

function canonical(value: unknown, dropSources: boolean): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => canonical(item, dropSources) ?? null);
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    if (dropSources && key === 'source' && isSource(item)) continue;
    out[key] = canonical(item, dropSources);
  }
  return out;
}

/**
 * The version of a bundle's content: the first 16 hex digits of the
 * SHA-256 of its canonical JSON, without `version` and without positions,
 * so moving text within a file keeps it and any change of meaning or
 * wording changes it.
 */
export function bundleVersion(bundle: Omit<IntentBundle, 'version'>): string {
  const { version: _, ...content } = bundle as IntentBundle;
  return createHash('sha256')
    .update(canonicalJson(content, true))
    .digest('hex')
    .slice(0, 16);
}
