// cfn-lint and checkov, pinned in the emulator's venv, on the packaged
// CloudFormation of each configuration and on the member account
// template: no finding left, and every finding accepted says why.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE } from '../../../scripts/package.ts';
import { REPO_ROOT } from '../emulator/emulator.ts';
import {
  readYamlTemplate,
  type Template,
} from '../../unit/deploy/cloudformation.ts';
import {
  CONFIGURATIONS,
  PACKAGE_TIMEOUT_MS,
  packagedDir,
  packagedTemplate,
} from './packaged.ts';

const MEMBER = path.join(REPO_ROOT, 'infra/member-account.yaml');

/** Scanning takes seconds, more on a busy machine. */
const SCAN_TIMEOUT_MS = 300_000;

function tool(name: string, args: string[]) {
  const ran = spawnSync(path.join(REPO_ROOT, '.venv/bin', name), args,
    { encoding: 'utf8', cwd: REPO_ROOT, maxBuffer: 64 * 2 ** 20 });
  if (ran.error) throw ran.error;
  return ran;
}

interface CheckovReport {
  summary: { failed: number; parsing_errors: number };
  results: {
    failed_checks: { check_id: string; resource: string }[];
    skipped_checks: { check_id: string; resource: string;
      check_result: { suppress_comment?: string } }[];
  };
}

function checkov(file: string): CheckovReport {
  const ran = tool('checkov', ['-f', file, '--framework', 'cloudformation',
    '--skip-download', '-o', 'json']);
  return JSON.parse(ran.stdout) as CheckovReport;
}

let templates: [string, string, Template][];

const packagings = CONFIGURATIONS.map((configuration) =>
  [`the packaged ${configuration.name} deployment`, configuration] as const);

beforeAll(async () => {
  templates = [['the member account template', MEMBER,
    readYamlTemplate(MEMBER)]];
  for (const [name, configuration] of packagings) {
    const file = path.join(await packagedDir(configuration), TEMPLATE);
    templates.push([name, file, await packagedTemplate(configuration)]);
  }
}, PACKAGE_TIMEOUT_MS);

const names = [...packagings.map(([name]) => name),
  'the member account template'];
const get = (name: string) => templates.find(([n]) => n === name)!;

describe.each(names)('%s', (name) => {
  it('passes cfn-lint with nothing to report', () => {
    const [, file] = get(name);
    const ran = tool('cfn-lint', [file]);
    expect(`${ran.stdout}${ran.stderr}`).toBe('');
    expect(ran.status).toBe(0);
  }, SCAN_TIMEOUT_MS);

  it('passes checkov, every skipped check with its reason', () => {
    const [, file] = get(name);
    const report = checkov(file);
    expect(report.summary.parsing_errors).toBe(0);
    expect(report.results.failed_checks.map((c) =>
      `${c.check_id} ${c.resource}`)).toEqual([]);
    for (const skipped of report.results.skipped_checks) {
      const why = skipped.check_result.suppress_comment ?? '';
      expect(why, `${skipped.check_id} ${skipped.resource}`)
        .toMatch(/\w+ \w+ \w+ \w+/);
    }
  }, SCAN_TIMEOUT_MS);

  it('gives a reason for every cfn-lint check it ignores', () => {
    const [, , template] = get(name);
    for (const [logical, resource] of Object.entries(template.Resources)) {
      const metadata = resource.Metadata ?? {};
      const lint = metadata['cfn-lint'] as {
        config?: { ignore_checks?: string[] } } | undefined;
      const reasons = metadata['cfn-lint-reasons'] as
        Record<string, string> | undefined;
      for (const check of lint?.config?.ignore_checks ?? []) {
        expect(reasons?.[check] ?? '', `${logical} ${check}`)
          .toMatch(/\w+ \w+ \w+ \w+/);
      }
    }
  });
});
