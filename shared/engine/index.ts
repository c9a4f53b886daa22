export * from './types.ts';
export { evaluate } from './evaluate.ts';
export { compareFindings } from './order.ts';
export { actionFor, atLeast, weaker } from './policy.ts';
export { ruleText, ruleView, peerText } from './describe.ts';
export { SnapshotIndex, type GroupView } from './context.ts';
export { KIND_DESCRIPTIONS, FINDING_KINDS } from './kinds.ts';
