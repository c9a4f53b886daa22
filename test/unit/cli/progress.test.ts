import { describe, expect, it } from 'vitest';
import type { Io } from '../../../cli/io.ts';
import { createProgress } from '../../../cli/progress.ts';

function stderr(interactive: boolean) {
  const seen = { out: '', err: '' };
  const io: Io = { out: (t) => { seen.out += t; },
    err: (t) => { seen.err += t; }, color: false, interactive };
  return { seen, io };
}

describe('createProgress', () => {
  it('writes one plain line per account-region off a terminal', () => {
    const { seen, io } = stderr(false);
    let now = 0;
    const progress = createProgress(io, 2, () => now);

    progress.done('111111111111 eu-west-1', '4 groups, 1 findings');
    progress.failed('222222222222 eu-west-1', 'AccessDenied');
    now = 1500;
    progress.finish();

    expect(seen.err).toBe('sweeping 2 account-region(s)\n' +
      '1/2 111111111111 eu-west-1: 4 groups, 1 findings\n' +
      '2/2 222222222222 eu-west-1: unreachable: AccessDenied\n' +
      'swept 1 of 2 account-region(s), 1 unreachable in 1.5s\n');
    expect(seen.out).toBe('');
  });

  it('redraws one bar on a terminal and lists failures after it', () => {
    const { seen, io } = stderr(true);
    const progress = createProgress(io, 4, () => 0);

    progress.done('a r', 'fine');
    progress.failed('b r', 'AccessDenied');
    progress.finish();

    expect(seen.err.split('\n')).toEqual([
      '\r\u001b[2K[------------------------] 0/4 account-regions  ' +
      '\r\u001b[2K[######------------------] 1/4 account-regions  a r' +
      '\r\u001b[2K[############------------] 2/4 account-regions, ' +
      '1 unreachable  b r\r\u001b[2Kunreachable b r: AccessDenied',
      'swept 1 of 4 account-region(s), 1 unreachable in 0.0s', '']);
  });
});
