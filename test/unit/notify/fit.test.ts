import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import { fitNotification, jsonBytes } from '../../../shared/notify/channel.ts';
import { decision, finding } from './fixtures.ts';

describe('fitNotification', () => {
  const many = buildNotification(decision({
    findings: Array.from({ length: 500 }, (_, i) =>
      finding({ ruleId: `sgr-${i}`, severity: i < 10 ? 'critical' : 'low' })),
  }));

  it('leaves a notification that fits as it is', () => {
    expect(fitNotification(many, 1_000_000)).toBe(many);
  });

  it('drops the least severe findings to fit, and counts them', () => {
    const fitted = fitNotification(many, 20_000);

    expect(jsonBytes(fitted)).toBeLessThanOrEqual(20_000);
    expect(fitted.findings.length + (fitted.truncated ?? 0)).toBe(500);
    expect(fitted.findings.slice(0, 10).every((f) =>
      f.severity === 'critical')).toBe(true);
  });
});
