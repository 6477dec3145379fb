/**
 * Child process of the kill test: saves one change through the layer named in argv[2] (`store` or
 * `workspace`), prints `saved <value>` once that layer reports it durable, then idles until killed.
 */
import { openWorkspace } from '../../workspace/workspace.ts';
import { SqliteDocumentStore } from '../sqlite-store.ts';

const [, , layer, path, value] = process.argv as [string, string, string, string, string];
const store = new SqliteDocumentStore(path);
if (layer === 'store') {
  await store.append('notes', new TextEncoder().encode(value));
} else {
  const workspace = openWorkspace({ appId: 'kill-test', store });
  await workspace.whenLoaded('notes');
  workspace.doc('notes').getArray<string>('values').push([value]);
  await workspace.whenSaved();
}
process.stdout.write(`saved ${value}\n`);
setInterval(() => {}, 60_000);
