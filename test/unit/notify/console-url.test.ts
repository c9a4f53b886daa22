import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import { consoleUrl } from '../../../shared/notify/text.ts';
import { decision } from './fixtures.ts';

describe('consoleUrl', () => {
  it.each([
    ['a commercial region', 'eu-west-1',
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1'],
    ['GovCloud', 'us-gov-west-1',
      'https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1'],
    ['a China region', 'cn-northwest-1',
      'https://console.amazonaws.cn/ec2/home?region=cn-northwest-1'],
  ])('opens the group in the console of %s', (_, region, page) => {
    expect(consoleUrl(region, 'sg-0abc'))
      .toBe(`${page}#SecurityGroup:groupId=sg-0abc`);
  });

  it('is the link a notification of a GovCloud group carries', () => {
    const n = buildNotification(decision({
      group: { ...decision().group, region: 'us-gov-east-1' },
    }));

    expect(new URL(n.group.consoleUrl).host)
      .toBe('console.amazonaws-us-gov.com');
  });
});
