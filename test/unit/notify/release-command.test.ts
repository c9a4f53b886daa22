import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import { releaseCommand } from '../../../shared/notify/text.ts';
import { AUDIT_ID, decision, entry } from './fixtures.ts';

/** The words a POSIX shell reads a command line as. */
function wordsOf(line: string): string[] {
  const printed = execFileSync('sh', ['-c', `printf '%s\\n' ${line}`],
    { encoding: 'utf8' });
  return printed.trimEnd().split('\n');
}

describe('releaseCommand', () => {
  it('names the table and its region when they are known', () => {
    expect(releaseCommand(AUDIT_ID, { table: 'driftguard',
      region: 'eu-west-1' })).toBe(`driftguard release '${AUDIT_ID}' ` +
      '--table driftguard --region eu-west-1');
    expect(releaseCommand('rotation-20261203T202329Z-1976773d'))
      .toBe('driftguard release rotation-20261203T202329Z-1976773d');
  });

  it('quotes each word so that a shell reads it back unchanged', () => {
    const line = releaseCommand("2026-03-01T12:00:01.000Z#a'b c",
      { table: 'dg-prod.audit', region: 'us-gov-west-1' });

    expect(wordsOf(line)).toEqual(['driftguard', 'release',
      "2026-03-01T12:00:01.000Z#a'b c", '--table', 'dg-prod.audit',
      '--region', 'us-gov-west-1']);
  });
});

describe('buildNotification', () => {
  const where = { table: 'driftguard', region: 'eu-west-1' };

  it('prints the command with the table it is told of', () => {
    const n = buildNotification(decision(), where);

    expect(n.writes[0]?.release).toBe(releaseCommand(AUDIT_ID, where));
  });

  it('gives a quarantine\'s isolation no command of its own: the '
    + 'quarantine\'s releases both', () => {
    const move = entry({ id: `${AUDIT_ID}-move`, action: 'quarantine' });
    const isolation = entry({ action: 'isolate-group', partOf: move.id });

    const n = buildNotification(decision({ entries: [move, isolation] }),
      where);

    expect(n.writes.map((w) => w.release)).toEqual([
      releaseCommand(move.id, where), undefined]);
  });

  it('gives the isolation the command when its quarantine changed nothing',
    () => {
      const move = entry({ id: `${AUDIT_ID}-move`, action: 'quarantine',
        status: 'failed' });
      const isolation = entry({ action: 'isolate-group', partOf: move.id });

      const n = buildNotification(decision({ entries: [move, isolation] }),
        where);

      expect(n.writes.map((w) => w.release)).toEqual([
        undefined, releaseCommand(isolation.id, where)]);
    });
});
