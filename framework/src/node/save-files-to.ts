import type { ReceivedPush } from '@offgrid/sync';
import { saveReceivedFile } from '@offgrid/sync/node';

/**
 * For `NearbyShare`'s `saveFile` option: received files are written into `directory` under their sanitised
 * names, never overwriting (`name-1.ext`…), durably (fsync) before the `import` event names the path.
 *
 * @example
 * new NearbyShare(workspace, { id, saveFile: saveFilesTo('/home/ada/Downloads') });
 */
export function saveFilesTo(directory: string): (received: ReceivedPush) => Promise<string> {
  return (received) => saveReceivedFile(received, directory);
}
