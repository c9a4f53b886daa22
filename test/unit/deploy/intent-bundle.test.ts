// Packaging compiles the profiles with `driftguard bundle --out
// dist/intent.json` (scripts/serverless/intent-bundle.cjs); in a fresh
// checkout dist/ does not exist yet, and the bundle must still be written.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'driftguard-fresh-'));
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('driftguard bundle --out', () => {
  it('makes the folders of the file it writes', () => {
    const out = path.join(dir, 'checkout', 'dist', 'intent.json');
    const ran = spawnSync(process.execPath, ['cli/main.ts', 'bundle',
      'examples/profiles', '--out', out], { encoding: 'utf8' });
    expect(ran.stderr).not.toMatch(/ENOENT/);
    expect(ran.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('version');
  });
});
