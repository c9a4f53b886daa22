export * from './types.ts';
export * from './protocol.ts';
export * from './cidr.ts';
export * from './normalize.ts';
export * from './selector.ts';
export * from './match.ts';
