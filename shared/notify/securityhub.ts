import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  archivedFinding,
  asffFinding,
  asffId,
  productArn,
} from './asff.ts';
import type { Channel, Delivery } from './channel.ts';
import { attemptsOf, DeliveryError } from './channel.ts';
import { groupArn } from './eventbridge.ts';
import type { Notification, RegionFindings } from './model.ts';

/** BatchImportFindings takes at most 100 findings per call. */
const BATCH = 100;

/** Options of {@link SecurityHubChannel}. */
export interface SecurityHubChannelOptions {
  /** A client of the hub's account and region. */
  client: SecurityHubClient;
  /** The hub's account and region: the product ARN is theirs. */
  account: string;
  region: string;
  clock?: () => Date;
}

/** Which imported findings a sync may archive: their filters and test. */
interface Scope {
  filters: AwsSecurityFindingFilters;
  holds(f: AwsSecurityFinding): boolean;
}

/**
 * Keeps Security Hub's findings of a group in step with each decision:
 * the group's findings are imported (stable ids, so an import updates),
 * and those it imported earlier that the decision no longer has, or that
 * a write of the decision fixed, are archived and passed, which resolves
 * them. It takes every decision, repeats and drift-free groups included,
 * since it keeps state; a sweep hands it a whole account-region at once
 * (`reconcile`) instead of group by group, so that groups found clean
 * are resolved too.
 * Optional: a deployment turns it on.
 */
export class SecurityHubChannel implements Channel {
  readonly name = 'securityhub';
  readonly repeats = true;
  private readonly client: SecurityHubClient;
  private readonly productArn: string;
  private readonly account: string;
  private readonly clock: () => Date;

  constructor(options: SecurityHubChannelOptions) {
    this.client = options.client;
    this.productArn = productArn(options.account, options.region);
    this.account = options.account;
    this.clock = options.clock ?? (() => new Date());
  }

  async send(n: Notification): Promise<Delivery> {
    const resourceId = groupArn(n.group.account, n.group.region, n.group.id);
    return this.sync([n], {
      filters: { ResourceId: [{ Value: resourceId, Comparison: 'EQUALS' }] },
      holds: (f) => (f.Resources ?? []).some((r) => r.Id === resourceId),
    });
  }

  /**
   * Makes the hub's findings of an account-region those of a sweep: the
   * findings of its groups imported, every other driftguard finding of
   * the account-region archived.
   */
  async reconcile(region: RegionFindings): Promise<Delivery> {
    const prefix = `driftguard/${region.account}/${region.region}/`;
    return this.sync(region.notifications, {
      filters: {
        // The id names the group's account and region: AwsAccountId is
        // the importing account, and Security Hub sets Region itself.
        Id: [{ Value: prefix, Comparison: 'PREFIX' }],
      },
      holds: (f) => f.Id?.startsWith(prefix) === true,
    });
  }

  private async sync(
    notifications: Notification[],
    scope: Scope,
  ): Promise<Delivery> {
    const now = this.clock();
    const active = await this.activeFindings(scope);
    const current = notifications.flatMap((n) => n.findings
      .filter((f) => !f.resolved)
      .map((f) => {
        const before = active.get(asffId(n, f));
        return asffFinding(n, f, { productArn: this.productArn,
          account: this.account, now,
          existing: before?.CreatedAt ? { createdAt: before.CreatedAt }
            : undefined });
      }));
    const ids = new Set(current.map((f) => f.Id));
    const gone = [...active.values()].filter((f) => !ids.has(f.Id))
      .map((f) => archivedFinding(f, now));
    if (current.length + gone.length === 0) {
      return { status: 'skipped', attempts: 0, reason: 'no findings' };
    }
    const attempts = await this.import([...current, ...gone]);
    return { status: 'delivered', attempts,
      id: `${current.length} imported, ${gone.length} archived` };
  }

  /** driftguard's active findings within a scope, by id. */
  private async activeFindings(
    scope: Scope,
  ): Promise<Map<string, AwsSecurityFinding>> {
    const filters: AwsSecurityFindingFilters = {
      ...scope.filters,
      ProductArn: [{ Value: this.productArn, Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    };
    const found = new Map<string, AwsSecurityFinding>();
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetFindingsCommand({
        Filters: filters, MaxResults: 100, NextToken: token,
      }));
      for (const f of page.Findings ?? []) {
        if (f.Id && this.ours(f) && scope.holds(f)) found.set(f.Id, f);
      }
      token = page.NextToken || undefined;
    } while (token);
    return found;
  }

  // The filters say the same; they are checked again here because the
  // emulator (moto 5.2.5) ignores GetFindings filters and returns all.
  private ours(f: AwsSecurityFinding): boolean {
    return f.ProductArn === this.productArn && f.RecordState !== 'ARCHIVED';
  }

  private async import(findings: AwsSecurityFinding[]): Promise<number> {
    let attempts = 0;
    for (let i = 0; i < findings.length; i += BATCH) {
      const output = await this.client.send(new BatchImportFindingsCommand({
        Findings: findings.slice(i, i + BATCH),
      }));
      attempts += attemptsOf(output);
      if ((output.FailedCount ?? 0) > 0) {
        const reasons = (output.FailedFindings ?? []).slice(0, 3)
          .map((f) => `${f.Id}: ${f.ErrorCode} ${f.ErrorMessage}`);
        throw new DeliveryError(this.name, `Security Hub refused ` +
          `${output.FailedCount} findings: ${reasons.join('; ')}`, attempts);
      }
    }
    return attempts;
  }
}
