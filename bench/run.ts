// Runs every benchmark in its own process, so each one's peak memory is its
// own, and prints their one-line JSON results. `npm run bench [name ...]`.
import { spawnSync } from 'node:child_process';

// A young generation of 8 MB semi-spaces, as a memory-sized Lambda would
// run with (NODE_OPTIONS): V8 otherwise grows it to 64 MB on a big machine.
const NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=8'];

const BENCHES: Record<string, string> = {
  engine: 'bench/engine.ts',
  'on-change': 'bench/on-change.ts',
  sweep: 'bench/sweep.ts',
  bundles: 'bench/bundles.ts',
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
let failed = false;
for (const name of names) {
  const file = BENCHES[name];
  if (!file) {
    console.error(`no benchmark ${name}; there are: ` +
      Object.keys(BENCHES).join(', '));
    process.exit(2);
  }
  const ran = spawnSync(process.execPath, [...NODE_FLAGS, file],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  failed ||= ran.status !== 0;
}
process.exitCode = failed ? 1 : 0;
