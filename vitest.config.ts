import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests run in parallel; tests of AWS behaviour share
// one emulator process and run one file at a time, with the emulator's state
// reset before each file.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'aws',
          include: ['test/aws/**/*.test.ts'],
          globalSetup: ['test/aws/emulator/global-setup.ts'],
          setupFiles: ['test/aws/emulator/reset.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
