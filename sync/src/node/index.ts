/** `@offgrid/sync/node`: the parts of the sync layer that need Node (files). */
export { FilePushStore } from './file-push-store.ts';
export { watchNetworkInterfaces } from './network-interfaces.ts';
export { nodeWholeHash } from './node-whole-hash.ts';
export { safeFileName, saveReceivedFile } from './save-received-file.ts';
