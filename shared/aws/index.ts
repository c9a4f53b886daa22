export * from './clients.ts';
export * from './credentials.ts';
export * from './describe.ts';
export * from './errors.ts';
export * from './read.ts';
