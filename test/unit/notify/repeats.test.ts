import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import { withoutRepeats } from '../../../shared/notify/repeats.ts';
import { decision, entry, finding } from './fixtures.ts';

const ssh = finding({ action: 'alert' });
const http = finding({ action: 'alert', ruleId: 'sgr-0ccc', severity: 'high',
  profile: 'staging-network' });
const alerted = buildNotification(decision({ findings: [ssh, http],
  entries: [] }));
const keys = alerted.findings.map((f) => f.key);

describe('withoutRepeats', () => {
  it('leaves a notification without repeats as it is', () => {
    expect(withoutRepeats(alerted, new Set(keys))).toBe(alerted);
  });

  it('holds back a notification of repeats only', () => {
    expect(withoutRepeats(alerted, new Set())).toBeUndefined();
  });

  it('tells only the new findings, counting the others', () => {
    const told = withoutRepeats(alerted, new Set([keys[1]!]))!;

    expect(told.findings.map((f) => f.ruleId)).toEqual(['sgr-0ccc']);
    expect(told).toMatchObject({ repeated: 1, severity: 'high',
      profiles: ['staging-network'], kinds: ['denied-rule'] });
  });

  it('keeps every finding of a write, marking the repeats', () => {
    const rolled = buildNotification(decision({ findings: [ssh, http],
      entries: [entry()] }));

    const told = withoutRepeats(rolled, new Set([keys[1]!]))!;

    expect(told.findings.map((f) => [f.ruleId, f.repeat])).toEqual([
      ['sgr-0aaa', true], ['sgr-0ccc', undefined]]);
    expect(told.repeated).toBeUndefined();
  });
});
