import type { Loaded } from './build.ts';
import { reference } from './check.ts';
import type { Names } from './check.ts';
import type { ProfileDoc, SettingsDoc } from './schema/documents.ts';
import type { AllowPeerSpec, DenyPeerSpec } from './schema/peers.ts';
import type { Diagnostic } from './types.ts';

type Path = readonly PropertyKey[];

function allowRefs(
  item: Loaded,
  names: Names,
  peer: AllowPeerSpec | undefined,
  path: Path,
): Diagnostic[] {
  if (!peer) return [];
  if (peer.profile !== undefined) {
    return reference(item, names, 'Profile', peer.profile,
      [...path, 'profile']);
  }
  if (peer.cidrSet !== undefined) {
    return reference(item, names, 'CidrSet', peer.cidrSet,
      [...path, 'cidrSet']);
  }
  const list = peer.prefixList;
  if (list !== undefined && !list.startsWith('pl-')) {
    return reference(item, names, 'PrefixListAlias', list,
      [...path, 'prefixList']);
  }
  return [];
}

function denyRefs(
  item: Loaded,
  names: Names,
  peer: DenyPeerSpec,
  path: Path,
): Diagnostic[] {
  if (typeof peer === 'string' || peer.cidrSet === undefined) return [];
  return reference(item, names, 'CidrSet', peer.cidrSet,
    [...path, 'cidrSet']);
}

/** Every name a profile refers to that no document defines. */
export function profileReferences(
  item: Loaded<ProfileDoc>,
  names: Names,
): Diagnostic[] {
  const spec = item.doc.spec;
  const at = (list: string, i: number, key: string): Path =>
    ['spec', list, i, key];
  return [
    ...(spec.ingress ?? []).flatMap((r, i) =>
      allowRefs(item, names, r.from, at('ingress', i, 'from'))),
    ...(spec.egress ?? []).flatMap((r, i) =>
      allowRefs(item, names, r.to, at('egress', i, 'to'))),
    ...(spec.require ?? []).flatMap((r, i) => [
      ...allowRefs(item, names, r.from, at('require', i, 'from')),
      ...allowRefs(item, names, r.to, at('require', i, 'to')),
    ]),
    ...(spec.deny ?? []).flatMap((r, i) =>
      denyRefs(item, names, r.peer, at('deny', i, 'peer'))),
  ];
}

/** Attachment mappings that name a profile no document defines. */
export function settingsReferences(
  item: Loaded<SettingsDoc>,
  names: Names,
): Diagnostic[] {
  return (item.doc.spec.attachments ?? []).flatMap((a, i) =>
    reference(item, names, 'Profile', a.profile,
      ['spec', 'attachments', i, 'profile']));
}
