import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import { buildDigest } from '../../../shared/notify/digest.ts';
import {
  escape,
  slackDigest,
  slackMessage,
} from '../../../shared/notify/slack-blocks.ts';
import { AUDIT_ID, GROUP, decision, finding } from './fixtures.ts';

/** Every text of a message, in block order. */
function texts(message: { blocks: Record<string, unknown>[] }): string {
  return JSON.stringify(message.blocks);
}

describe('slackMessage', () => {
  const message = slackMessage(buildNotification(decision()));
  const all = texts(message);

  it('heads with the severity and the group', () => {
    expect(message.blocks[0]).toEqual({ type: 'header', text: {
      type: 'plain_text', emoji: false,
      text: `CRITICAL: drift on ${GROUP} (payments-api)`,
    } });
  });

  it('says what changed and who changed it', () => {
    expect(all).toContain('`AuthorizeSecurityGroupIngress`');
    expect(all).toContain('`assumed-role/Developer/alice` from 203.0.113.7');
  });

  it('names the profile rule that decided each finding', () => {
    expect(all).toContain('decided by `prod-network/no-public-ingress`');
  });

  it('says what driftguard did, and how to undo it', () => {
    expect(all)
      .toContain('*What driftguard did:* rolled back: revoke sgr-0aaa');
    expect(all).toContain(`\`\`\`driftguard release '${AUDIT_ID}'\`\`\``);
  });

  it('links to the group in the console', () => {
    expect(message.blocks).toContainEqual({ type: 'actions', elements: [{
      type: 'button',
      text: { type: 'plain_text', text: 'Open in the EC2 console' },
      url: 'https://eu-west-1.console.aws.amazon.com/ec2/home?' +
        `region=eu-west-1#SecurityGroup:groupId=${GROUP}`,
    }] });
  });

  it('says a dry run changed nothing, and what it would have done', () => {
    const dry = texts(slackMessage(buildNotification(decision({
      dryRun: true, entries: [], planned: ['revoke sgr-0aaa'],
    }))));

    expect(dry).toContain('*Dry run — driftguard changed nothing:* ' +
      'would roll back: revoke sgr-0aaa');
    expect(dry).not.toContain('driftguard release');
  });

  it('lists eight findings and counts the rest', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      finding({ ruleId: `sgr-${i}` }));
    const text = texts(slackMessage(buildNotification(
      decision({ findings: many }))));

    expect(text.match(/• \*critical\*/g)).toHaveLength(8);
    expect(text).toContain('…and 4 more');
  });

  it('escapes what Slack would read as markup', () => {
    expect(escape('<!channel> & <http://x|y>'))
      .toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    const hostile = slackMessage(buildNotification(decision({
      findings: [finding({ rule: undefined, message: '<!here> pwned' })],
    })));
    expect(texts(hostile)).not.toContain('<!here>');
  });
});

describe('slackDigest', () => {
  it('counts findings and names the tiers resources lack', () => {
    const digest = buildDigest([
      finding(),
      finding({ kind: 'attachment-missing-profile', profile: 'prod-network',
        networkInterfaceId: 'eni-1' }),
    ], { sweepId: 'sweep-1', dryRun: true,
      scanned: [{ account: '1', region: 'r' }], tiers: ['prod-network'] });
    const text = texts(slackDigest(digest));

    expect(text).toContain('driftguard sweep: 2 findings');
    expect(text).toContain('critical: 2');
    expect(text).toContain('`prod-network`: 1 resource');
  });

  it('says what became of the writes, failures first', () => {
    const digest = buildDigest([], { sweepId: 'sweep-1', dryRun: false,
      scanned: [], writes: { done: 2, failed: 1, skipped: 3 } });

    expect(texts(slackDigest(digest)))
      .toContain('*Writes:* 1 failed, 2 done, 3 stopped by a budget');
  });

  it('names the account-regions a sweep could not read', () => {
    const digest = buildDigest([finding()], { sweepId: 'sweep-1',
      dryRun: false, scanned: [{ account: '1', region: 'r' }] });
    digest.unreachable = Array.from({ length: 12 }, (_, i) => ({
      account: '999999999999', region: `r-${i}`,
      error: 'AssumeRole failed: AccessDenied' }));
    const text = texts(slackDigest(digest));

    expect(text).toContain('*Not swept (unreachable)*');
    expect(text).toContain('999999999999 r-0: AssumeRole failed');
    expect(text).toContain('…and 2 more');
  });
});

describe('slackMessage of findings alerted before', () => {
  it('counts the findings left out as alerted within the window', () => {
    const n = { ...buildNotification(decision()), repeated: 2 };

    expect(texts(slackMessage(n)))
      .toContain('…and 2 alerted earlier, not repeated');
  });

  it('marks a finding fixed by the write, and one alerted before', () => {
    const n = buildNotification(decision());
    const [first, second] = n.findings;
    const marked = { ...n, findings: [{ ...first!, resolved: true as const },
      { ...second!, repeat: true as const }] };

    const all = texts(slackMessage(marked));

    expect(all).toContain('_(fixed)_');
    expect(all).toContain('_(alerted before)_');
  });
});
