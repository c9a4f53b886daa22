// Every EC2 call in shared/aws that changes something must be declared in
// EC2_CALLS, since the IAM tests (test/aws/deploy/iam.test.ts) prove the
// deployed policies against that list: a new write without its permission
// then fails there, instead of in production with UnauthorizedOperation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EC2_CALLS } from '../../../shared/aws/calls.ts';

const DIR = 'shared/aws';
const READS = /^(Describe|Get|List)/;

/** The EC2 commands each file of shared/aws sends (`new XCommand(`). */
function ec2CommandsSent(): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  for (const name of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(DIR, name), 'utf8');
    const imported = [...source.matchAll(
      /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ec2'/g)]
      .flatMap((m) => (m[1] ?? '').split(','))
      .map((s) => s.trim()).filter((s) => s.endsWith('Command'));
    for (const command of imported) {
      if (!source.includes(`new ${command}(`)) continue;
      const operation = command.replace(/Command$/, '');
      sent.set(operation, [...sent.get(operation) ?? [], name]);
    }
  }
  return sent;
}

describe('EC2_CALLS', () => {
  const sent = ec2CommandsSent();
  const writes = [...sent.keys()].filter((op) => !READS.test(op));

  it('finds the writes shared/aws makes', () => {
    expect(writes).toContain('RevokeSecurityGroupIngress');
    expect(writes).toContain('ModifyNetworkInterfaceAttribute');
  });

  it.each(writes)('declares %s', (operation) => {
    const declared = EC2_CALLS.map((call) => call.action);
    expect(declared, `sent by ${sent.get(operation)?.join(', ')}`)
      .toContain(`ec2:${operation}`);
  });

  it('declares no call that shared/aws never makes', () => {
    const made = new Set(writes.map((op) => `ec2:${op}`));
    for (const call of EC2_CALLS) expect(made).toContain(call.action);
  });
});
