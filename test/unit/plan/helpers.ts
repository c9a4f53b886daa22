import { cp, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import { readSnapshot } from '../../../shared/snapshot/index.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';

/** The profiles before every change the tests make. */
export const BASE = 'test/fixtures/plan/profiles';

/** Two account-regions, one of them two folders deep. */
export const SNAPSHOTS = 'test/fixtures/plan/snapshots';

/** The moment the tests judge exemptions at. */
export const NOW = new Date('2026-12-01T00:00:00Z');

/** A profile file's text and what to do to it. */
export type Edit = (text: string) => string;

/** Replaces `from` (which must be there) with `to`. */
export function replace(from: string, to: string): Edit {
  return (text) => {
    if (!text.includes(from)) throw new Error(`no "${from}" to replace`);
    return text.replace(from, to);
  };
}

/**
 * A copy of the base profiles with edits applied to some files (by path
 * relative to the folder), and some files moved: the head of a change.
 */
export async function headOf(
  edits: Record<string, Edit>,
  moves: Record<string, string> = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-plan-'));
  await cp(BASE, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const at = path.join(dir, file);
    await writeFile(at, edit(await readFile(at, 'utf8')));
  }
  for (const [from, to] of Object.entries(moves)) {
    await rename(path.join(dir, from), path.join(dir, to));
  }
  return dir;
}

/** The bundle of a profile folder, which must load without error. */
export async function bundleAt(dir: string): Promise<IntentBundle> {
  const { bundle, diagnostics } = await loadProfiles(dir, { now: NOW });
  if (!bundle) throw new Error(JSON.stringify(diagnostics));
  return bundle;
}

/** The two fixture snapshots, account 111… first. */
export async function fixtureSnapshots(): Promise<Snapshot[]> {
  return Promise.all([
    readSnapshot(`${SNAPSHOTS}/111111111111/eu-west-1.json`),
    readSnapshot(`${SNAPSHOTS}/222222222222/eu-west-1/account.json`),
  ]);
}

/** The CIDR of prod's HTTPS allow narrowed from /8 to /16. */
export const TIGHTEN = {
  'tiers/prod.yaml': replace(
    'ports: 443\n      from: { cidr: 10.0.0.0/8 }',
    'ports: 443\n      from: { cidr: 10.0.0.0/16 }'),
};

/** web now requires HTTP in from the load balancers' subnet. */
export const REQUIRE = {
  'roles/web.yaml': replace('  egress:\n', [
    '  require:',
    '    - id: http-from-lb-present',
    '      direction: ingress',
    '      protocol: tcp',
    '      ports: 80',
    '      from: { cidr: 10.0.9.0/24 }',
    '  egress:',
    '',
  ].join('\n')),
};

const PROD_INGRESS = `  ingress:
    - id: https-from-private
      protocol: tcp
      ports: 443
      from: { cidr: 10.0.0.0/8 }
      description: Internal HTTPS from anywhere private
    - id: ssh-from-bastion
      protocol: tcp
      ports: 22
      from: { cidr: 10.0.100.0/24 }
`;

/** The same allows, the other way round, keys moved, reworded. */
const PROD_INGRESS_REORDERED = `  ingress:
    - ports: 22
      id: ssh-from-bastion
      from: { cidr: 10.0.100.0/24 }
      protocol: tcp
    - description: HTTPS inside the VPCs
      id: https-from-private
      protocol: tcp
      from: { cidr: 10.0.0.0/8 }
      ports: 443
`;

/** Rules and keys reordered, descriptions and versions reworded. */
export const REWORD: Record<string, Edit> = {
  'tiers/prod.yaml': (text) => [
    replace('version: 3', 'version: 4'),
    replace('description: Production tier', 'description: >-\n' +
      '    The production tier: tight CIDRs, nothing from the internet'),
    replace(PROD_INGRESS, PROD_INGRESS_REORDERED),
  ].reduce((t, edit) => edit(t), text),
  'roles/db.yaml': replace('  owner: data-platform\n',
    '  owner: data-platform\n  description: Postgres, reached by web\n'),
};

/** Documents moved: web's file to another folder, so it loads last. */
export const MOVE = { 'roles/web.yaml': 'overlays/web.yaml' };
