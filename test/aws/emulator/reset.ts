// Setup file of the `aws` project: each test file starts with an empty
// emulator (no resources in any account or region).
import { beforeAll, inject } from 'vitest';
import { resetEmulator } from './emulator.ts';

beforeAll(async () => {
  await resetEmulator(inject('awsEndpoint'));
});
