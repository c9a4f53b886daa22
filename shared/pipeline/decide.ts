import { compareFindings, evaluate, SnapshotIndex } from '../engine/index.ts';
import type { Finding } from '../engine/types.ts';
import type { Change } from '../events/index.ts';
import type { IntentBundle, Mode } from '../profiles/types.ts';
import { planRemediation } from '../remediation/plan.ts';
import type { Plan } from '../remediation/types.ts';
import type { ChangeState } from './read.ts';
import {
  tamperFinding,
  tampers,
  vendorFinding,
  withBindings,
  type Principals,
} from './special.ts';

const WHY_ALERT: Partial<Record<Finding['kind'], string>> = {
  'binding-tampered': 'no binding is known to put back, or the ' +
    'deployment only alerts',
  'vendor-created-group': 'driftguard reports groups vendors make; it ' +
    'never deletes a group',
};

/** What deciding about a change needs besides the change and state. */
export interface DecideContext {
  bundle: IntentBundle;
  cap: Mode;
  principals: Principals;
  /** The last known bindings of the groups the change tagged. */
  previous: Record<string, string | null | undefined>;
  now: Date;
}

/** Findings, the plan that converges them, and bindings to remember. */
export interface Decided {
  findings: Finding[];
  plan: Plan;
  /** Bindings now known good, to remember for the next tamper. */
  remember: Record<string, string | null>;
}

function bindingsOf(
  state: ChangeState,
  key: string,
  except: ReadonlySet<string>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const group of state.snapshot.SecurityGroups) {
    const id = group.GroupId ?? '';
    if (!state.groupIds.includes(id) || except.has(id)) continue;
    out[id] = group.Tags?.find((t) => t.Key === key)?.Value ?? null;
  }
  return out;
}

/**
 * Judges the groups a change touched against their intent: tampered
 * bindings are judged as they should be (and put back), groups a vendor
 * made are reported, and the rest is what the engine finds; then plans
 * the writes that converge it. Pure: reads nothing, writes nothing.
 */
export function decide(
  change: Change,
  state: ChangeState,
  ctx: DecideContext,
): Decided {
  const { bundle, cap } = ctx;
  const key = bundle.settings.bindingTagKey;
  const version = bundle.version;
  const tampered = tampers(change, state.snapshot, key, ctx.previous,
    ctx.principals);
  const snapshot = withBindings(state.snapshot, tampered);
  const special = tampered.map((t) =>
    tamperFinding(change, state.snapshot, t, cap, version));
  const vendor = vendorFinding(change, state.snapshot, ctx.principals,
    version);
  if (vendor) special.push(vendor);

  const evaluation = evaluate(snapshot, bundle,
    { now: ctx.now, cap, groupIds: new Set(state.groupIds) });
  const index = new SnapshotIndex(snapshot, bundle);
  const plan = planRemediation(evaluation.findings, index, bundle);
  const restores = tampered.flatMap((t, i) =>
    typeof t.previous === 'string' && special[i]!.action === 'rollback'
      ? [{ kind: 'restore-tag' as const, groupId: t.groupId, key,
        value: t.previous, findings: [special[i]!], size: 1 }]
      : []);
  for (const f of special.filter((x) => x.action === 'alert')) {
    plan.alerts.push({ finding: f, why: WHY_ALERT[f.kind] ?? 'alert only' });
  }
  plan.actions.unshift(...restores);
  const findings = [...special, ...evaluation.findings].sort(compareFindings);
  const except = new Set(tampered.map((t) => t.groupId));
  return { findings, plan, remember: bindingsOf(state, key, except) };
}
