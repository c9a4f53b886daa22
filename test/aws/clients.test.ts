import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ENDPOINT_ENV,
  clientConfig,
  createCallCounter,
  createClient,
  totalCalls,
} from '../../shared/aws/clients.ts';
import { readGroups, readRegion } from '../../shared/aws/read.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_CREDENTIALS,
  TEST_REGION,
  createGroup,
  createVpc,
  emulatorEndpoint,
  testClients,
} from './emulator/aws.ts';

describe('createClient', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('uses adaptive retries', () => {
    expect(clientConfig()).toMatchObject({ retryMode: 'adaptive' });
    expect(clientConfig({ maxAttempts: 2 }).maxAttempts).toBe(2);
  });

  it('reaches the endpoint named by DRIFTGUARD_ENDPOINT_URL', async () => {
    vi.stubEnv(ENDPOINT_ENV, emulatorEndpoint());
    const sts = createClient(STSClient, {
      region: TEST_REGION, credentials: TEST_CREDENTIALS,
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(DEFAULT_ACCOUNT);
  });

  it('prefers an explicit endpoint to the environment', () => {
    vi.stubEnv(ENDPOINT_ENV, 'http://127.0.0.1:9');
    const config = clientConfig({ endpoint: emulatorEndpoint() });
    expect(config.endpoint).toBe(emulatorEndpoint());
  });

  it('counts calls per operation, across the clients sharing a counter',
    async () => {
      const counter = createCallCounter();
      const { ec2, sts } = testClients({ counter });
      const vpcId = await createVpc(ec2);
      const web = await createGroup(ec2, { vpcId, name: 'web' });
      await ec2.send(new DescribeVpcsCommand({}));
      await readRegion({ ec2, sts });
      await readGroups({ ec2, account: DEFAULT_ACCOUNT }, [web]);

      expect(counter.calls).toEqual({
        CreateVpc: 1,
        CreateSecurityGroup: 1,
        DescribeVpcs: 1,
        GetCallerIdentity: 1,
        DescribeSecurityGroups: 2,
        DescribeSecurityGroupRules: 2,
        DescribeNetworkInterfaces: 2,
        DescribeManagedPrefixLists: 1,
      });
      expect(counter.attempts).toEqual(counter.calls);
      expect(totalCalls(counter.calls)).toBe(11);
    });
});
