import { describe, expect, it } from 'vitest';
import { memberCredentials } from '../../shared/aws/credentials.ts';
import { AwsCallError } from '../../shared/aws/errors.ts';
import { readGroups, readRegion } from '../../shared/aws/read.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  createGroup,
  createVpc,
  testClients,
} from './emulator/aws.ts';
import {
  EC2_REQUEST_LIMIT_EXCEEDED,
  STS_THROTTLING,
  failFirst,
} from './emulator/faults.ts';

// moto never throttles; failFirst answers the first attempts of a call
// with the error AWS sends a caller over its request rate.
describe('throttling', () => {
  it('retries a Describe call that EC2 throttled, and succeeds', async () => {
    const { ec2, counter } = testClients();
    const served = failFirst(ec2, 'DescribeSecurityGroups',
      EC2_REQUEST_LIMIT_EXCEEDED, 2);

    const snapshot = await readRegion({ ec2, account: DEFAULT_ACCOUNT });

    expect(served()).toBe(2);
    expect(snapshot.SecurityGroups.length).toBeGreaterThan(0);
    expect(counter.calls.DescribeSecurityGroups).toBe(1);
    expect(counter.attempts.DescribeSecurityGroups).toBe(3);
  });

  it('retries an AssumeRole call that STS throttled, and succeeds',
    async () => {
      const { sts, counter } = testClients();
      const served = failFirst(sts, 'AssumeRole', STS_THROTTLING);

      const identity = await memberCredentials({ sts })
        .assume('111111111111');

      expect(served()).toBe(1);
      expect(identity.accountId).toBe('111111111111');
      expect(counter.attempts).toEqual({ AssumeRole: 2 });
    });

  it('gives up after the last attempt, naming account, region and groups',
    async () => {
      const { ec2 } = testClients({ maxAttempts: 2 });
      const vpcId = await createVpc(ec2);
      const web = await createGroup(ec2, { vpcId, name: 'web' });
      failFirst(ec2, 'DescribeSecurityGroupRules',
        EC2_REQUEST_LIMIT_EXCEEDED, 2);

      const reading = readGroups({ ec2, account: DEFAULT_ACCOUNT }, [web]);

      await expect(reading).rejects.toThrow(AwsCallError);
      const error = await reading.catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        operation: 'DescribeSecurityGroupRules',
        account: DEFAULT_ACCOUNT,
        region: TEST_REGION,
        groupIds: [web],
        cause: { name: 'RequestLimitExceeded' },
      });
      expect(String(error)).toContain(`groups ${web}`);
    });
});
