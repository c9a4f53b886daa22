import {
  paginateListAccounts,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AwsCallError } from './errors.ts';

/** An account of the organization and whether it can be swept. */
export interface OrganizationAccount {
  id: string;
  name?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`, ... */
  state: string;
}

/** The accounts of an organization, active or not. */
export interface OrganizationAccounts {
  /** Active accounts, sorted by id: the ones to sweep. */
  active: string[];
  /** Accounts left out, with their state. */
  skipped: OrganizationAccount[];
}

/**
 * The account's state: `State`, else the older `Status` (AWS answers
 * both until Status is retired, and says to read State).
 */
function stateOf(account: Account): string {
  return account.State ?? account.Status ?? 'UNKNOWN';
}

/**
 * Every account of the organization (Organizations ListAccounts, every
 * page), split into the active ones and the rest (suspended, closed,
 * pending closure), which cannot be swept.
 */
export async function listAccounts(
  organizations: OrganizationsClient,
): Promise<OrganizationAccounts> {
  const active: string[] = [];
  const skipped: OrganizationAccount[] = [];
  try {
    for await (const page of paginateListAccounts(
      { client: organizations, pageSize: 20 }, {})) {
      for (const account of page.Accounts ?? []) {
        const entry = { id: account.Id ?? '', state: stateOf(account),
          ...(account.Name ? { name: account.Name } : {}) };
        if (entry.state === 'ACTIVE') active.push(entry.id);
        else skipped.push(entry);
      }
    }
  } catch (error) {
    throw new AwsCallError({ operation: 'ListAccounts' }, error);
  }
  return { active: [...new Set(active)].sort(), skipped };
}
