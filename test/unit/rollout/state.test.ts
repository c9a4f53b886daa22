import { describe, expect, it } from 'vitest';
import type { RolloutPolicy } from '../../../shared/profiles/types.ts';
import {
  converge,
  halt,
  mayAct,
  pendingFor,
  reached,
  reserve,
  startRollout,
  steer,
  tick,
  versionFor,
  type RolloutState,
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

/** A rollout of v2 whose canary a sweep converged at `minutes`. */
const convergedCanary = (minutes = 0): RolloutState =>
  converge(startRollout('v1', 'v2', policy, T0), CANARY, later(minutes));

describe('a rollout', () => {
  it('judges the canary by the new version and the rest by the old', () => {
    const s = startRollout('v1', 'v2', policy, T0);
    expect([CANARY, SECOND, OTHER].map((a) => versionFor(s, a)))
      .toEqual(['v2', 'v1', 'v1']);
    expect(pendingFor(s, SECOND)).toBe(true);
    expect(pendingFor(s, CANARY)).toBe(false);
  });

  it('holds the next wave until the canary has soaked', () => {
    const s = convergedCanary();
    expect(tick(s, later(59)).wave).toBe(0);
    const next = tick(s, later(60));
    expect(next.wave).toBe(1);
    expect(reached(next, OTHER)).toBe(true);
    expect(tick(next, later(500)).status).toBe('running');
    const done = tick(converge(next, OTHER, later(61)), later(121));
    expect(done.status).toBe('complete');
    expect(versionFor(done, OTHER)).toBe('v2');
  });

  it('soaks a wave from when a sweep converged it, not from its start',
    () => {
      const s = startRollout('v1', 'v2', policy, T0);
      expect(tick(s, later(90)).wave).toBe(0);
      const late = converge(s, CANARY, later(90));
      expect(late.convergedAt).toBe(later(90).toISOString());
      expect(tick(late, later(149)).wave).toBe(0);
      expect(tick(late, later(150)).wave).toBe(1);
    });

  it('counts a wave converged only once every account it names is', () => {
    const two: RolloutPolicy = { ...policy, waves: [
      { name: 'canary', accounts: [CANARY, SECOND] },
      { name: 'rest', accounts: 'all' }] };
    const one = converge(startRollout('v1', 'v2', two, T0), CANARY, T0);
    expect(one.convergedAt).toBeUndefined();
    expect(converge(one, OTHER, T0)).toBe(one);
    const both = converge(one, SECOND, later(5));
    expect(both.convergedAt).toBe(later(5).toISOString());
    expect(tick(both, later(64)).wave).toBe(0);
    expect(tick(both, later(65)).wave).toBe(1);
  });

  it('completes at once for a first deployment', () => {
    const s = startRollout(null, 'v1', policy, T0);
    expect(s.status).toBe('complete');
    expect(versionFor(s, OTHER)).toBe('v1');
  });

  it('refuses writes past the wave\'s cap, and stops advancing halted',
    () => {
      const s = reserve(convergedCanary(), 4, T0)!;
      expect(s.waveWrites).toBe(4);
      expect(reserve(s, 1, T0)?.waveWrites).toBe(5);
      expect(reserve(s, 2, T0)).toBeUndefined();
      const halted = halt(s, 'wave canary reached its limit', T0);
      expect(tick(halted, later(500)).wave).toBe(0);
      expect(mayAct(halted, CANARY)).toBe(false);
      expect(mayAct(halted, SECOND)).toBe(true);
    });

  it('pauses and resumes, soaking the wave again from the resume', () => {
    const paused = steer(convergedCanary(), 'pause', later(10));
    expect(tick(paused, later(90)).wave).toBe(0);
    expect(mayAct(paused, CANARY)).toBe(false);
    const resumed = steer(paused, 'resume', later(90));
    expect(tick(resumed, later(149)).wave).toBe(0);
    expect(tick(resumed, later(150)).wave).toBe(1);
  });

  it('resumes a halt with a fresh allowance, once a sweep converges again',
    () => {
      const halted = halt(reserve(convergedCanary(), 5, T0)!, 'cap', T0);
      const resumed = steer(halted, 'resume', later(10));
      expect(resumed).toMatchObject({ status: 'running', waveWrites: 0 });
      expect(resumed.reason).toBeUndefined();
      expect(tick(resumed, later(500)).wave).toBe(0);
      const again = converge(resumed, CANARY, later(20));
      expect(tick(again, later(80)).wave).toBe(1);
    });

  it('returns every account to the old version on abort', () => {
    const s = steer(tick(convergedCanary(), later(60)), 'abort', later(61));
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
    expect(tick(converge(s, CANARY, T0), T0).status).toBe('complete');
  });
});
