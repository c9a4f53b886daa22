export type * from './types.ts';
export { planChange, type PlanInput } from './delta.ts';
export { findingKey, subjectKey, groupKey } from './identity.ts';
export { failing, isEmpty } from './summary.ts';
