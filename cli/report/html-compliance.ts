import type { Finding } from '../../shared/engine/index.ts';
import type { Layer, Severity } from '../../shared/profiles/types.ts';
import { append, groupKey, placeKey, worstOf } from './html-model.ts';
import type { GroupInfo, Report } from './summary.ts';

/** A column of the matrix: a profile, a name no profile has, or none. */
export interface Column {
  name: string;
  layer: Layer | 'unknown' | 'unbound';
  version?: number;
}

/** Groups of one account-region bound to one column's profile. */
export interface Cell {
  groups: number;
  /** How many of them have findings. */
  drifted: number;
  worst?: Severity;
}

/** One account-region of the matrix, its cells in column order. */
export interface MatrixRow {
  account: string;
  region: string;
  groups: number;
  cells: Cell[];
}

/** Accounts (account/region) by profiles: who carries what, how well. */
export interface Matrix {
  columns: Column[];
  rows: MatrixRow[];
}

const LAYERS: readonly Layer[] = ['tier', 'role', 'overlay'];

/** The findings of each group, by group key. */
export function findingsByGroup(report: Report): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of report.findings) {
    append(out, groupKey(f), f);
  }
  return out;
}

function columnsOf(report: Report): Column[] {
  const profiles = report.inventory?.profiles ?? [];
  const known = new Set(profiles.map((p) => p.name));
  const sorted = [...profiles].sort((a, b) =>
    LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) ||
    a.name.localeCompare(b.name));
  const unknown = new Set<string>();
  for (const g of report.inventory?.groups ?? []) {
    for (const name of g.binding ?? []) {
      if (!known.has(name)) unknown.add(name);
    }
  }
  return [
    ...sorted.map((p) => ({ name: p.name, layer: p.layer,
      version: p.version })),
    ...[...unknown].sort().map((name) => ({ name,
      layer: 'unknown' as const })),
    { name: 'no binding', layer: 'unbound' },
  ];
}

function carries(group: GroupInfo, column: Column): boolean {
  if (column.layer === 'unbound') return group.binding === undefined;
  return group.binding?.includes(column.name) ?? false;
}

function cellOf(groups: GroupInfo[], drift: Map<string, Finding[]>): Cell {
  const found = groups.flatMap((g) => drift.get(groupKey(g)) ?? []);
  const worst = worstOf(found);
  return {
    groups: groups.length,
    drifted: groups.filter((g) => drift.has(groupKey(g))).length,
    ...(worst ? { worst } : {}),
  };
}

/**
 * The compliance matrix: a row per account-region swept, a column per
 * profile (tiers, then roles, then overlays), then names bindings use
 * that no profile has, then groups without a binding.
 */
export function complianceMatrix(report: Report): Matrix {
  const columns = columnsOf(report);
  const drift = findingsByGroup(report);
  const groups = report.inventory?.groups ?? [];
  const rows = report.summary.scanned.map((place) => {
    const own = groups.filter((g) => placeKey(g) === placeKey(place));
    return {
      account: place.account,
      region: place.region,
      groups: own.length,
      cells: columns.map((c) =>
        cellOf(own.filter((g) => carries(g, c)), drift)),
    };
  });
  return { columns, rows };
}
