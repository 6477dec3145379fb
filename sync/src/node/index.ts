/** `@offgrid/sync/node`: the parts of the sync layer that need Node (files). */
export { FilePushStore } from './file-push-store.ts';
export { safeFileName, saveReceivedFile } from './save-received-file.ts';
