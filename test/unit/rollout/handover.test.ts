import { describe, expect, it } from 'vitest';
import type { RolloutPolicy } from '../../../shared/profiles/types.ts';
import {
  knownVersions,
  succeed,
} from '../../../shared/rollout/handover.ts';
import {
  converge,
  pendingFor,
  startRollout,
  steer,
  tick,
  versionFor,
} from '../../../shared/rollout/state.ts';

const CANARY = '111111111111';
const SECOND = '222222222222';
const OTHER = '333333333333';
const policy: RolloutPolicy = {
  waves: [{ name: 'canary', accounts: [CANARY] },
    { name: 'rest', accounts: 'all' }],
  soakMinutes: 60,
};
const T0 = new Date('2026-12-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const accounts = [CANARY, SECOND, OTHER];

describe('a rollout started while another runs', () => {
  it('keeps each account on the version it was last converged to', () => {
    const v2 = converge(startRollout('v1', 'v2', policy, T0), CANARY, T0);
    const v3 = succeed(v2, 'v3', policy, later(10));

    expect(v3).toMatchObject({ from: 'v1', to: 'v3', base: { [CANARY]: 'v2' },
      status: 'running', wave: 0 });
    expect(accounts.map((a) => versionFor(v3, a)))
      .toEqual(['v3', 'v1', 'v1']);
    expect(knownVersions(v3)).toEqual(['v3', 'v1', 'v2']);
    const aborted = steer(v3, 'abort', later(11));
    expect(accounts.map((a) => versionFor(aborted, a)))
      .toEqual(['v2', 'v1', 'v1']);
  });

  it('keeps the canary on the intermediate version until the new one ' +
    'reaches it', () => {
    const v2 = converge(startRollout('v1', 'v2', policy, T0), CANARY, T0);
    const late: RolloutPolicy = { ...policy, waves: [
      { name: 'canary', accounts: [OTHER] },
      { name: 'rest', accounts: 'all' }] };
    const v3 = succeed(v2, 'v3', late, later(10));

    expect(accounts.map((a) => versionFor(v3, a)))
      .toEqual(['v2', 'v1', 'v3']);
    expect(pendingFor(v3, CANARY)).toBe(true);
  });

  it('takes the intermediate version only where a sweep converged it, ' +
    'and a complete one as everyone\'s', () => {
    let v2 = converge(startRollout('v1', 'v2', policy, T0), CANARY, T0);
    v2 = converge(tick(v2, later(60)), SECOND, later(61));
    const v3 = succeed(v2, 'v3', { ...policy, waves: [
      { name: 'canary', accounts: [OTHER] }] }, later(70));

    expect(v3.from).toBe('v1');
    expect(v3.base).toEqual({ [CANARY]: 'v2', [SECOND]: 'v2' });
    expect(versionFor(v3, '444444444444')).toBe('v1');
    const done = succeed(tick(v2, later(130)), 'v3', policy, later(131));
    expect(done).toMatchObject({ from: 'v2', to: 'v3' });
    expect(done.base).toBeUndefined();
  });

  it('gives an aborted rollout\'s accounts back their old version', () => {
    const v2 = steer(converge(startRollout('v1', 'v2', policy, T0), CANARY,
      T0), 'abort', later(5));
    const v3 = succeed(v2, 'v3', policy, later(10));
    expect(v3.from).toBe('v1');
    expect(v3.base).toBeUndefined();
  });
});
