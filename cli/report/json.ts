import type { Report } from './summary.ts';

/** `{"findings": [...], "summary": {...}}`: one JSON document. */
export function jsonReport(report: Report): string {
  const { findings, summary } = report;
  return `${JSON.stringify({ findings, summary }, null, 2)}\n`;
}
