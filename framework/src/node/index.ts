/** `@offgrid/framework/node`: the portable API plus what only Node has (the SQLite store). */
export * from '../index.ts';
export { SqliteDocumentStore } from './sqlite-store.ts';
