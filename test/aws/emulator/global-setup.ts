// Vitest global setup of the `aws` project: one emulator for the whole run.
// Without Python this throws, so the suite fails with the reason instead of
// skipping the AWS tests silently.
import type { TestProject } from 'vitest/node';
import { ensureVenv, startEmulator } from './emulator.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint URL of the AWS emulator the tests talk to. */
    awsEndpoint: string;
  }
}

export default async function setup(
  project: TestProject,
): Promise<() => Promise<void>> {
  const log = (message: string) => {
    process.stderr.write(`aws emulator: ${message}\n`);
  };
  const venv = await ensureVenv({ log });
  const emulator = await startEmulator({ venv });
  project.provide('awsEndpoint', emulator.endpoint);
  return () => emulator.stop();
}
