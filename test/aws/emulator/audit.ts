// An audit log that writes down, in one journal shared with the EC2
// client, when each entry was begun and finished and when each call that
// changes something was sent: tests read the order back.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SdkClient } from '../../../shared/aws/clients.ts';
import type { WriteOptions } from '../../../shared/aws/write.ts';
import { MemoryAuditLog } from '../../../shared/store/memory.ts';
import type {
  AuditDraft,
  AuditEntry,
  AuditLog,
  AuditOutcome,
} from '../../../shared/store/types.ts';

/** What happened, in order: `begin revoke-rules`, `call RevokeSecurity…`. */
export type Journal = string[];

/** Operations that only read; every other operation changes something. */
const READS = /^(Describe|Get|List)/;

/** An in-memory audit log that journals `begin` and `finish`. */
export class JournalingAuditLog extends MemoryAuditLog {
  readonly journal: Journal;
  /** Every entry as `begin` stored it, before any call. */
  readonly begun: AuditEntry[] = [];

  constructor(journal: Journal = []) {
    super();
    this.journal = journal;
  }

  override async begin(draft: AuditDraft): Promise<AuditEntry> {
    const entry = await super.begin(draft);
    this.begun.push(entry);
    this.journal.push(`begin ${draft.action}`);
    return entry;
  }

  override async finish(id: string, outcome: AuditOutcome) {
    const entry = await super.finish(id, outcome);
    this.journal.push(`finish ${entry.action} ${outcome.status}`);
    return entry;
  }

  /** Every entry, oldest first. */
  async all(): Promise<AuditEntry[]> {
    const entries = await Promise.all(this.begun.map((e) => this.get(e.id)));
    return entries.flatMap((entry) => entry ?? []);
  }
}

let journals = 0;

/** Journal every call of `client` that changes something, as it is sent. */
export function journalWrites(client: SdkClient, journal: Journal): void {
  client.middlewareStack.add((next, context) => async (args) => {
    const name = (context.commandName ?? '').replace(/Command$/, '');
    if (!READS.test(name)) journal.push(`call ${name}`);
    return next(args);
  }, { step: 'initialize', name: `testJournalWrites${journals++}` });
}

/** A log and an EC2 client that share one journal. */
export function journaled(ec2: EC2Client): JournalingAuditLog {
  const log = new JournalingAuditLog();
  journalWrites(ec2, log.journal);
  return log;
}

/** Options of a write, recorded in `log`, for a test. */
export function writeOptions(
  log: AuditLog,
  dryRun = false,
): WriteOptions {
  return {
    reason: {
      trigger: 'sweep',
      findings: [{
        kind: 'unapproved-rule', severity: 'high', message: 'a test',
      }],
    },
    intentVersion: 'test-1',
    log,
    dryRun,
  };
}
