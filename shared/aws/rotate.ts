import { setTimeout as sleep } from 'node:timers/promises';
import { swapped } from '../remediation/rotation.ts';
import { groupIdsOf, setGroupsNow } from './interfaces.ts';
import { readInterfaces } from './state.ts';
import { recordWrite, unchanged } from './write.ts';
import type {
  Achieved,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

/** One interface, and the group it swaps for another. */
export interface SwapInput {
  networkInterfaceId: string;
  from: string;
  to: string;
}

/**
 * How an interface is read back after its swap. EC2's Describe calls are
 * eventually consistent, so a read that still shows the old set is tried
 * again, `delayMs` doubling, before the swap counts as failed.
 */
export interface VerifyOptions {
  attempts: number;
  delayMs: number;
}

/** Four reads over about three and a half seconds at most. */
export const DEFAULT_VERIFY: VerifyOptions = { attempts: 4, delayMs: 500 };

/** What {@link swapGroup} did to one interface. */
export interface SwapResult extends WriteResult {
  /** The interface's group set before, and the one asked for. */
  before: string[];
  after: string[];
}

/**
 * Replace `from` with `to` in one interface's group set, keeping its
 * other groups: the set before is recorded (`rotate-interface`) before
 * the call, then the interface is read back, and the swap is done only
 * when it carries `to`, not `from`, and its other groups as they were.
 * An interface changed in any other way is still listed as done, so a
 * release puts it back; what was wrong is its failure.
 */
export async function swapGroup(
  target: WriteTarget,
  input: SwapInput,
  options: WriteOptions & { verify?: VerifyOptions },
): Promise<SwapResult> {
  const { networkInterfaceId: eni, from, to } = input;
  const [found] = await readInterfaces(target, [eni], from);
  const before = found ? groupIdsOf(found) : [];
  const after = swapped(before, from, to);
  if (!found || !before.includes(from)) {
    return { ...unchanged(options, found ? [] : [eni]), before, after };
  }
  const plan = {
    action: 'rotate-interface' as const, groupId: from, planned: [eni],
    before: { interfaceGroups: { [eni]: before } },
    intent: `replace ${from} with ${to} on ${eni}` + keeping(after, to),
  };
  const verify = options.verify ?? DEFAULT_VERIFY;
  const { result } = await recordWrite(target, options, plan, () =>
    swapNow(target, input, { before, after }, verify));
  return { ...result, before, after };
}

function keeping(after: readonly string[], to: string): string {
  const rest = after.filter((id) => id !== to);
  return rest.length > 0 ? `, keeping ${rest.join(', ')}` : '';
}

async function swapNow(
  target: WriteTarget,
  input: SwapInput,
  sets: { before: string[]; after: string[] },
  verify: VerifyOptions,
): Promise<Achieved> {
  const eni = input.networkInterfaceId;
  const call = await setGroupsNow(target, input.from, { [eni]: sets.after });
  if (call.gone?.length) return call;
  if (call.failed.length > 0) {
    // A call that failed may still have landed (a timeout): if the
    // interface changed, it counts as done, so a release puts it back.
    const seen = await readOnce(target, input, sets.after);
    const changed = seen.groups !== undefined &&
      !sameSet(seen.groups, sets.before);
    return { ...call, done: changed ? [eni] : [] };
  }
  const seen = await readBack(target, input, sets.after, verify);
  if (seen.problem === undefined) return call;
  return { done: [eni], failed: [{ id: eni, error: seen.problem }] };
}

/** The interface's groups as read, and what is wrong with them. */
interface ReadBack {
  groups?: string[];
  problem?: string;
}

async function readBack(
  target: WriteTarget,
  input: SwapInput,
  wanted: readonly string[],
  verify: VerifyOptions,
): Promise<ReadBack> {
  let seen: ReadBack = {};
  for (let attempt = 0; attempt < verify.attempts; attempt += 1) {
    if (attempt > 0) await sleep(verify.delayMs * 2 ** (attempt - 1));
    seen = await readOnce(target, input, wanted);
    if (seen.problem === undefined) return seen;
  }
  return seen;
}

async function readOnce(
  target: WriteTarget,
  input: SwapInput,
  wanted: readonly string[],
): Promise<ReadBack> {
  const eni = input.networkInterfaceId;
  try {
    const [found] = await readInterfaces(target, [eni], input.to);
    if (!found) return { problem: `${eni} is gone after the swap` };
    const groups = groupIdsOf(found);
    const problem = mismatch(groups, wanted, input);
    return problem === undefined ? { groups } : { groups, problem };
  } catch (error) {
    return { problem: `${eni} could not be read back: ` +
      (error as Error).message };
  }
}

/** What is wrong with an interface's groups after a swap, if anything. */
export function mismatch(
  groups: readonly string[],
  wanted: readonly string[],
  input: SwapInput,
): string | undefined {
  const eni = input.networkInterfaceId;
  if (groups.includes(input.from)) return `${eni} still carries ${input.from}`;
  if (!groups.includes(input.to)) return `${eni} does not carry ${input.to}`;
  if (sameSet(groups, wanted)) return undefined;
  return `${eni} carries ${groups.join(', ')}, not ${wanted.join(', ')}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join() === [...b].sort().join();
}
