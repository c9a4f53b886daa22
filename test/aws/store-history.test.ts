import { Command } from 'commander';
import {
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { historyCommand } from '../../cli/commands/history.ts';
import { InputError, UsageError, type Io } from '../../cli/io.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  emulatorEndpoint,
} from './emulator/aws.ts';
import {
  draft,
  dynamoClient,
  freshTable,
  manualClock,
} from './store-fixtures.ts';

/** Runs `driftguard history ARGS` in-process; output and exit code. */
async function history(args: string[]) {
  const out = { stdout: '', stderr: '', code: 0 };
  const io: Io = {
    out: (text) => { out.stdout += text; },
    err: (text) => { out.stderr += text; },
    color: false,
    interactive: false,
  };
  const program = new Command('driftguard').exitOverride();
  historyCommand(program, io, out);
  await program.parseAsync(['history', '--endpoint-url', emulatorEndpoint(),
    '--region', TEST_REGION, ...args], { from: 'user' });
  return out;
}

describe('driftguard history', () => {
  const client = dynamoClient();
  const clock = manualClock('2026-03-01T12:00:00.000Z');
  let table = '';
  let rollback = '';
  let release = '';
  let dryRun = '';

  beforeAll(async () => {
    table = await freshTable(client);
    const log = new DynamoAuditLog({ client, tableName: table,
      clock: clock.now });
    rollback = (await log.begin(draft('sg-0aaa'))).id;
    await log.finish(rollback, { status: 'done',
      done: ['sgr-0123456789abcdef0'], failed: [] });
    clock.advance(60_000);
    release = (await log.begin(draft('sg-0aaa', { action: 'release',
      releases: rollback, reason: { trigger: 'cli', findings: [],
        actor: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/oncall` } }))).id;
    await log.finish(release, { status: 'done', done: [], failed: [] });
    await log.markReleased(rollback, release);
    clock.advance(60_000);
    dryRun = (await log.begin(draft('sg-0aaa', { dryRun: true }))).id;
  });

  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    vi.stubEnv('AWS_PROFILE', '');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lists what happened to a group, newest first', async () => {
    const ran = await history(['--group', 'sg-0aaa', '--table', table,
      '--account', DEFAULT_ACCOUNT]);
    const lines = ran.stdout.trimEnd().split('\n');

    expect(ran.code).toBe(0);
    expect(lines[0]).toBe('sg-0aaa in 123456789012: 3 entries, newest first');
    expect(lines[1]?.split(/ +/)).toEqual(['TIME', 'ACTION', 'STATUS',
      'ACTOR', 'REASON', 'RULES', 'RELEASE']);
    expect(lines[2]?.split(/  +/)).toEqual(['2026-03-01 12:02:00Z',
      'revoke-rules (dry run)', 'pending', 'user/mallory',
      'event: denied-rule prod-network/no-public-ingress',
      'sgr-0123456789abcdef0']);
    expect(lines[3]).toContain('release');
    expect(lines[3]).toContain('user/oncall');
    expect(lines[3]).toContain(`releases ${rollback}`);
    expect(lines[4]).toContain(`released by ${release}`);
  });

  it('offers the release command of a write not yet undone', async () => {
    const log = new DynamoAuditLog({ client, tableName: table });
    const fresh = await log.begin(draft('sg-0bbb'));
    await log.finish(fresh.id, { status: 'done', done: [], failed: [] });

    const ran = await history(['--group', 'sg-0bbb', '--table', table]);

    expect(ran.stdout).toContain(`driftguard release '${fresh.id}' ` +
      `--table ${table} --region ${TEST_REGION}`);
  });

  it('prints one JSON document with the entries and their release',
    async () => {
      const ran = await history(['--group', 'sg-0aaa', '--table', table,
        '--format', 'json']);
      const document = JSON.parse(ran.stdout);

      expect(document).toMatchObject({ account: DEFAULT_ACCOUNT,
        groupId: 'sg-0aaa' });
      expect(document.entries.map((e: { id: string }) => e.id))
        .toEqual([dryRun, release, rollback]);
      expect(document.entries[2]).toMatchObject({ releasedBy: release,
        release: `released by ${release}` });
    });

  it('says so when a group has no history', async () => {
    const ran = await history(['--group', 'sg-0fff', '--table', table]);

    expect(ran.stdout).toBe('no audit entries for sg-0fff in account ' +
      '123456789012\n');
  });

  it('names the table when it cannot be read', async () => {
    await expect(history(['--group', 'sg-0aaa', '--table', 'no-such']))
      .rejects.toThrow(InputError);
    await expect(history(['--group', 'sg-0aaa', '--table', 'no-such']))
      .rejects.toThrow(/table no-such in us-east-1: .*ResourceNotFound/);
  });

  it('refuses a group id that is not one', async () => {
    await expect(history(['--group', 'web', '--table', table])).rejects
      .toThrow(UsageError);
  });
});
