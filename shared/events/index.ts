export * from './types.ts';
export { parseEvent, parseBatch } from './parse.ts';
export { DETAIL_TYPE, SOURCE, EVENT_SOURCE, eventIdOf } from './envelope.ts';
