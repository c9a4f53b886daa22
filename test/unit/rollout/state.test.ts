import { describe, expect, it } from 'vitest';
import type { RolloutPolicy } from '../../../shared/profiles/types.ts';
import {
  countWrites,
  mayAct,
  pendingFor,
  reached,
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
  maxWritesPerWave: 5,
  soakMinutes: 60,
};
const T0 = new Date('2026-12-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('a rollout', () => {
  it('judges the canary by the new version and the rest by the old', () => {
    const s = startRollout('v1', 'v2', policy, T0);
    expect([CANARY, SECOND, OTHER].map((a) => versionFor(s, a)))
      .toEqual(['v2', 'v1', 'v1']);
    expect(pendingFor(s, SECOND)).toBe(true);
    expect(pendingFor(s, CANARY)).toBe(false);
  });

  it('holds the next wave until the canary has soaked', () => {
    const s = startRollout('v1', 'v2', policy, T0);
    expect(tick(s, later(59)).wave).toBe(0);
    const next = tick(s, later(60));
    expect(next.wave).toBe(1);
    expect(reached(next, OTHER)).toBe(true);
    const done = tick(next, later(121));
    expect(done.status).toBe('complete');
    expect(versionFor(done, OTHER)).toBe('v2');
  });

  it('completes at once for a first deployment', () => {
    const s = startRollout(null, 'v1', policy, T0);
    expect(s.status).toBe('complete');
    expect(versionFor(s, OTHER)).toBe('v1');
  });

  it('halts when a wave writes more than its cap, and stops advancing', () => {
    const s = countWrites(startRollout('v1', 'v2', policy, T0), 6, T0);
    expect(s).toMatchObject({ status: 'halted', waveWrites: 6 });
    expect(s.reason).toMatch(/wave canary made 6 writes, more than its 5/);
    expect(tick(s, later(500)).wave).toBe(0);
    expect(mayAct(s, CANARY)).toBe(false);
    expect(mayAct(s, SECOND)).toBe(true);
  });

  it('pauses and resumes, soaking the wave again from the resume', () => {
    const paused = steer(startRollout('v1', 'v2', policy, T0), 'pause',
      later(10));
    expect(tick(paused, later(90)).wave).toBe(0);
    const resumed = steer(paused, 'resume', later(90));
    expect(tick(resumed, later(149)).wave).toBe(0);
    expect(tick(resumed, later(150)).wave).toBe(1);
  });

  it('returns every account to the old version on abort', () => {
    const s = steer(tick(startRollout('v1', 'v2', policy, T0), later(60)),
      'abort', later(61));
    expect([CANARY, SECOND].map((a) => versionFor(s, a)))
      .toEqual(['v1', 'v1']);
    expect(pendingFor(s, CANARY)).toBe(false);
    expect(() => steer(s, 'resume', later(62))).toThrow(/is aborted/);
  });

  it('takes an account not in any wave only with an `all` wave', () => {
    const named: RolloutPolicy = { waves: [{ name: 'one',
      accounts: [CANARY] }], soakMinutes: 0 };
    const s = startRollout('v1', 'v2', named, T0);
    expect(reached(s, OTHER)).toBe(false);
    expect(tick(s, T0).status).toBe('complete');
  });
});
