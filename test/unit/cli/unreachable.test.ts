import { beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../../cli/report/html.ts';
import { jsonReport } from '../../../cli/report/json.ts';
import { sarifReport } from '../../../cli/report/sarif.ts';
import type { Report, Unreachable } from '../../../cli/report/summary.ts';
import { tableReport } from '../../../cli/report/table.ts';
import { PROFILES } from './helpers.ts';
import { exampleSnapshot, reportOf } from './html-helpers.ts';

const LOST: Unreachable = { account: '999999999999', region: 'eu-west-1',
  error: 'AssumeRole failed (account 999999999999): AccessDenied: no' };

const io = { out: () => {}, err: () => {}, color: false,
  interactive: false };

describe('a report with an account-region it could not read', () => {
  let report: Report;

  beforeAll(async () => {
    report = await reportOf([await exampleSnapshot()]);
    report.summary.unreachable = [LOST];
  });

  it('lists it in the JSON summary', () => {
    expect(JSON.parse(jsonReport(report)).summary.unreachable)
      .toEqual([LOST]);
  });

  it('names it at the end of the table', () => {
    expect(tableReport(report, io).trimEnd().split('\n').at(-1)).toBe(
      `not read: 999999999999 eu-west-1: ${LOST.error}`);
  });

  it('gives SARIF an error notification of the run', () => {
    const run = JSON.parse(sarifReport(report,
      { profilesDir: PROFILES })).runs[0];
    expect(run.invocations[0].toolExecutionNotifications).toEqual([{
      level: 'error',
      message: { text: `not read: 999999999999 eu-west-1: ${LOST.error}` },
      properties: { account: LOST.account, region: LOST.region } }]);
  });

  it('says so in the HTML header', () => {
    const page = htmlReport(report, { profilesDir: PROFILES });
    expect(page).toContain('1 account-region(s)\n    could not be read');
    expect(page).toContain('999999999999 eu-west-1:');
  });

  it('leaves every report as it was when all could be read', async () => {
    const whole = await reportOf([await exampleSnapshot()]);
    expect(JSON.parse(jsonReport(whole)).summary.unreachable)
      .toBeUndefined();
    expect(JSON.parse(sarifReport(whole, { profilesDir: PROFILES }))
      .runs[0].invocations).toBeUndefined();
  });
});
