/** `@offgrid/framework/node`: the portable API plus what only Node has (the SQLite store, network watching). */

export { SqliteBlobStore } from '../blobs/node/sqlite-blob-store.ts';
export * from '../index.ts';
export { openWorkspace } from './open-workspace.ts';
export { openReplica, type PageSocket, Replica, type ReplicaOptions } from './replica/replica.ts';
export { saveFilesTo } from './save-files-to.ts';
export { SqliteDocumentStore } from './sqlite-store.ts';
export type { WebApp, WebAppFile } from './web-app.ts';
