/** `@offgrid/framework/node`: the portable API plus what only Node has (the SQLite store, network watching). */

export { SqliteBlobStore } from '../blobs/node/sqlite-blob-store.ts';
export * from '../index.ts';
export { openWorkspace } from './open-workspace.ts';
export { servePageBlob } from './replica/page-blob-routes.ts';
export { openReplica, type PageSocket, Replica, type ReplicaOptions } from './replica/replica.ts';
export { saveFilesTo } from './save-files-to.ts';
export { type OpenShareHostOptions, openShareHost } from './share-host/open-share-host.ts';
export { ShareHost, type ShareHostOptions } from './share-host/share-host.ts';
export { SqliteDocumentStore } from './sqlite-store.ts';
export type { WebApp, WebAppFile } from './web-app.ts';
