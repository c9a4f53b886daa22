import type { Intent, IntentBundle, Mode } from '../profiles/types.ts';
import { composeIntent } from '../profiles/index.ts';
import type { NetworkInterface } from '../snapshot/types.ts';
import type { GroupView, SnapshotIndex } from './context.ts';
import { Judge, type Scope } from './judge.ts';
import { MODES } from '../profiles/types.ts';
import type { Finding } from './types.ts';

function tagsMatch(
  eni: NetworkInterface,
  wanted: Record<string, string>,
): boolean {
  const tags = new Map((eni.TagSet ?? []).map((t) => [t.Key, t.Value]));
  return Object.entries(wanted).every(([k, v]) => tags.get(k) === v);
}

/** The intent of the group with the strongest mode among `views`. */
function strongestIntent(
  bundle: IntentBundle,
  views: readonly GroupView[],
): Intent | undefined {
  let best: Intent | undefined;
  for (const view of views) {
    const composed = composeIntent(bundle, view.binding);
    if (!composed.ok) continue;
    const mode: Mode = composed.intent.mode;
    if (!best || MODES.indexOf(mode) > MODES.indexOf(best.mode)) {
      best = composed.intent;
    }
  }
  return best;
}

/** Interfaces whose tags call for a profile none of their groups carry. */
function judgeMappings(
  ctx: InterfaceContext,
  eni: NetworkInterface,
  views: readonly GroupView[],
): void {
  const first = views[0];
  if (!first) return;
  for (const mapping of ctx.bundle.settings.attachments) {
    if (!tagsMatch(eni, mapping.tags)) continue;
    if (views.some((v) => v.binding.includes(mapping.profile))) continue;
    const tags = Object.entries(mapping.tags)
      .map(([k, v]) => `${k}=${v}`).join(', ');
    new Judge(ctx.scope, first, undefined, ctx.out, ctx.seen).add({
      kind: 'attachment-missing-profile',
      severity: 'high',
      networkInterfaceId: eni.NetworkInterfaceId ?? '',
      profile: mapping.profile,
      action: 'alert',
      message: `${eni.NetworkInterfaceId} is tagged ${tags} but carries no ` +
        `group with profile ${mapping.profile} (groups: ` +
        `${views.map((v) => v.id).join(', ')})`,
    });
  }
}

/** Unbound groups attached beside profiled ones. */
function judgeForeign(
  ctx: InterfaceContext,
  eni: NetworkInterface,
  views: readonly GroupView[],
): void {
  const profiled = views.filter((v) => v.bindingTag !== undefined);
  // driftguard's quarantine group is never foreign: detaching it would
  // undo a quarantine behind `driftguard release`'s back.
  const foreign = views.filter((v) => v.bindingTag === undefined &&
    !v.quarantine);
  if (profiled.length === 0) return;
  const intent = strongestIntent(ctx.bundle, profiled);
  for (const view of foreign) {
    new Judge(ctx.scope, view, intent, ctx.out, ctx.seen).add({
      kind: 'foreign-group-attached',
      severity: 'high',
      networkInterfaceId: eni.NetworkInterfaceId ?? '',
      message: `unbound group ${view.id} is attached to ` +
        `${eni.NetworkInterfaceId} beside profiled ` +
        profiled.map((v) => `${v.id} (${v.binding.join(',')})`).join(', '),
    });
  }
}

interface InterfaceContext {
  readonly bundle: IntentBundle;
  readonly scope: Scope;
  readonly out: Finding[];
  readonly seen: Set<string>;
}

/**
 * Judges every network interface (or those carrying `only` groups):
 * attachment mappings and foreign groups. Returns how many were judged.
 */
export function judgeInterfaces(
  index: SnapshotIndex,
  ctx: InterfaceContext,
  only?: ReadonlySet<string>,
): number {
  let count = 0;
  for (const eni of index.snapshot.NetworkInterfaces ?? []) {
    const ids = (eni.Groups ?? []).map((g) => g.GroupId ?? '');
    if (only && !ids.some((id) => only.has(id))) continue;
    // By id, not as EC2 lists them: which group a finding names, and its
    // message, must not depend on the order groups were attached in.
    const views = ids
      .map((id) => index.groups.get(id))
      .filter((v): v is GroupView => v !== undefined)
      .sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    // An interface in quarantine lacks its profiles on purpose, until
    // `driftguard release` puts them back.
    if (!views.some((v) => v.quarantine)) judgeMappings(ctx, eni, views);
    judgeForeign(ctx, eni, views);
    count += 1;
  }
  return count;
}
