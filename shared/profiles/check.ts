import type { Loaded } from './build.ts';
import type { Kind, ProfileDoc } from './schema/documents.ts';
import { expiryTime } from './expiry.ts';
import { errorAt } from './diagnostics.ts';
import type { Diagnostic, Source } from './types.ts';
import type { Header } from './validate.ts';

const NOUNS: Record<Kind, string> = {
  Profile: 'profile',
  CidrSet: 'CIDR set',
  PrefixListAlias: 'prefix list alias',
  Exemption: 'exemption',
  Settings: 'settings',
};

function where(source: Source): string {
  return `${source.file}:${source.line}`;
}

/** Names defined twice within a kind, reported at the later one. */
export function duplicateNames(headers: readonly Header[]): Diagnostic[] {
  const seen = new Map<string, Header>();
  const problems: Diagnostic[] = [];
  for (const header of headers) {
    if (header.kind === 'Settings') continue;
    const key = `${header.kind}/${header.name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, header);
      continue;
    }
    problems.push(errorAt(header.source,
      `duplicate ${header.kind} name ${JSON.stringify(header.name)} ` +
        `(also at ${where(first.source)}; expected each name once)`));
  }
  return problems;
}

/** A second Settings document, and any after it. */
export function extraSettings(headers: readonly Header[]): Diagnostic[] {
  const all = headers.filter((header) => header.kind === 'Settings');
  const [first, ...rest] = all;
  if (!first) return [];
  return rest.map((header) => errorAt(header.source,
    `a second Settings document (the first is at ${where(first.source)}; ` +
      'expected at most one)'));
}

const RULE_LISTS = ['ingress', 'egress', 'require', 'deny'] as const;

/** Rule ids used twice within one profile, at the later one. */
export function duplicateRuleIds(item: Loaded<ProfileDoc>): Diagnostic[] {
  const seen = new Map<string, Source>();
  const problems: Diagnostic[] = [];
  for (const list of RULE_LISTS) {
    (item.doc.spec[list] ?? []).forEach((rule, i) => {
      const source = item.yaml.locate(['spec', list, i, 'id']).source;
      const first = seen.get(rule.id);
      if (!first) {
        seen.set(rule.id, source);
        return;
      }
      problems.push(errorAt(source,
        `duplicate rule id ${JSON.stringify(rule.id)} in profile ` +
          `${item.doc.metadata.name} (first at line ${first.line}; ` +
          'expected each id once per profile)'));
    });
  }
  return problems;
}

/** The names of each kind, for checking references. */
export type Names = ReadonlyMap<Kind, ReadonlySet<string>>;

/** The names defined per kind, whether or not their documents are valid. */
export function namesOf(headers: readonly Header[]): Names {
  const names = new Map<Kind, Set<string>>();
  for (const { kind, name } of headers) {
    const set = names.get(kind) ?? new Set<string>();
    set.add(name);
    names.set(kind, set);
  }
  return names;
}

/** Checks one reference; `path` leads to the name in the document. */
export function reference(
  item: Loaded,
  names: Names,
  kind: Kind,
  name: string,
  path: readonly PropertyKey[],
): Diagnostic[] {
  if (names.get(kind)?.has(name)) return [];
  const hint = kind === 'PrefixListAlias' ? '; a pl- id needs none' : '';
  return [errorAt(item.yaml.locate(path).source,
    `unknown ${NOUNS[kind]} ${JSON.stringify(name)} ` +
      `(no ${kind} document has that name${hint})`)];
}

/** An exemption whose time is up: a warning, never an error. */
export function expired(item: Loaded, now: Date): Diagnostic[] {
  const doc = item.doc;
  if (doc.kind !== 'Exemption') return [];
  if (expiryTime(doc.spec.expires).getTime() > now.getTime()) return [];
  const source = item.yaml.locate(['spec', 'expires']).source;
  return [{
    ...source,
    level: 'warning',
    message: `exemption ${doc.metadata.name} expired ${doc.spec.expires} ` +
      '(it no longer suppresses findings, and is itself a finding)',
  }];
}
