export * from './types.ts';
export { parseEvent, parseBatch } from './parse.ts';
export { isPrincipal } from './actor.ts';
export {
  DETAIL_TYPE,
  EVENT_PATTERN,
  EVENT_SOURCE,
  SOURCE,
  eventIdOf,
} from './envelope.ts';
