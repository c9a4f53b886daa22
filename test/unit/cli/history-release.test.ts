import { describe, expect, it } from 'vitest';
import { historyRows } from '../../../cli/commands/history.ts';
import type { AuditEntry } from '../../../shared/store/types.ts';

const where = { table: 'driftguard', region: 'eu-west-1' };

function entry(extra: Partial<AuditEntry>): AuditEntry {
  return {
    id: '2026-03-01T12:00:01.000Z#a1b2c3d4e5f6', at: '2026-03-01T12:00:01Z',
    account: '123456789012', region: 'eu-west-1', groupId: 'sg-0abc',
    action: 'quarantine', reason: { trigger: 'event', findings: [] },
    intentVersion: 'b-1', before: {}, intent: 'move eni-1', status: 'done',
    outcome: { status: 'done', done: ['eni-1'], failed: [] }, dryRun: false,
    ...extra,
  };
}

describe('historyRows', () => {
  it('prints each release command with the table and region to run it',
    () => {
      const [row] = historyRows([entry({})], where);
      expect(row?.release).toBe("driftguard release " +
        "'2026-03-01T12:00:01.000Z#a1b2c3d4e5f6' --table driftguard " +
        '--region eu-west-1');
    });

  it('sends a quarantine\'s isolation to the quarantine\'s command', () => {
    const move = entry({});
    const isolation = entry({ id: '2026-03-01T12:00:02.000Z#0f0f0f0f0f0f',
      action: 'isolate-group', partOf: move.id });

    const rows = historyRows([isolation, move], where);

    expect(rows.map((r) => r.release)).toEqual([
      `released with ${move.id}`, expect.stringContaining(move.id)]);
  });

  it('offers the quarantine\'s command when only its isolation changed '
    + 'something', () => {
    const move = entry({ status: 'failed', outcome: { status: 'failed',
      done: [], failed: [{ id: 'eni-1', error: 'no quarantine group' }] } });
    const isolation = entry({ id: '2026-03-01T12:00:02.000Z#0f0f0f0f0f0f',
      action: 'isolate-group', partOf: move.id });

    const rows = historyRows([isolation, move], where);

    expect(rows[1]?.release).toContain(`release '${move.id}'`);
  });
});
