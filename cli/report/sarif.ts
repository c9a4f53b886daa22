import { createHash } from 'node:crypto';
import path from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import {
  FINDING_KINDS,
  KIND_DESCRIPTIONS,
  type Finding,
} from '../../shared/engine/index.ts';
import type { Severity } from '../../shared/profiles/types.ts';
import type { Report } from './summary.ts';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

// GitHub code scanning ranks results by this number (0-10).
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '7.5',
  medium: '5.0',
  low: '2.0',
};

/** Where the files a result points at live, relative to the working dir. */
export interface SarifPaths {
  profilesDir?: string;
  snapshotFile?: string;
}

function location(f: Finding, paths: SarifPaths) {
  const physical = f.policySource && paths.profilesDir
    ? {
        artifactLocation: {
          uri: toUri(path.join(paths.profilesDir, f.policySource.file)),
        },
        region: {
          startLine: f.policySource.line,
          startColumn: f.policySource.col,
        },
      }
    : {
        artifactLocation: { uri: toUri(paths.snapshotFile ?? 'snapshot') },
        region: { startLine: 1 },
      };
  return {
    physicalLocation: physical,
    logicalLocations: [{
      name: f.groupId,
      fullyQualifiedName: `${f.account}/${f.region}/${f.groupId}`,
      kind: 'resource',
    }],
  };
}

function toUri(file: string): string {
  return file.split(path.sep).join('/');
}

function fingerprint(f: Finding): string {
  const identity = [
    f.kind, f.account, f.region, f.groupId, f.networkInterfaceId,
    f.direction, f.ruleId ?? JSON.stringify(f.rule), f.profile, f.policyRule,
    f.exemption,
  ].join('|');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function result(f: Finding, paths: SarifPaths) {
  return {
    ruleId: f.kind,
    ruleIndex: FINDING_KINDS.indexOf(f.kind),
    level: LEVELS[f.severity],
    message: { text: `${f.groupId}: ${f.message}` },
    locations: [location(f, paths)],
    partialFingerprints: { 'driftguardFinding/v1': fingerprint(f) },
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      account: f.account,
      region: f.region,
      groupId: f.groupId,
      action: f.action,
      intentVersion: f.intentVersion,
      ...(f.ruleId ? { ruleId: f.ruleId } : {}),
      ...(f.networkInterfaceId
        ? { networkInterfaceId: f.networkInterfaceId }
        : {}),
    },
  };
}

/** Account-regions that could not be read, as tool notifications. */
function invocations(report: Report) {
  const lost = report.summary.unreachable ?? [];
  if (lost.length === 0) return {};
  return { invocations: [{
    executionSuccessful: true,
    toolExecutionNotifications: lost.map((u) => ({
      level: 'error',
      message: { text: `not read: ${u.account} ${u.region}: ${u.error}` },
      properties: { account: u.account, region: u.region },
    })),
  }] };
}

/** SARIF 2.1.0, one result per finding, for code-scanning interfaces. */
export function sarifReport(report: Report, paths: SarifPaths): string {
  const rules = FINDING_KINDS.map((kind) => ({
    id: kind,
    name: kind.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: KIND_DESCRIPTIONS[kind] },
    fullDescription: { text: KIND_DESCRIPTIONS[kind] },
    properties: { tags: ['security', 'network'] },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'driftguard',
          version: pkg.version,
          rules,
        },
      },
      automationDetails: { id: `driftguard/${report.summary.intentVersion}` },
      results: report.findings.map((f) => result(f, paths)),
      ...invocations(report),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
