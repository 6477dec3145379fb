/**
 * Page of the Chromium durability test (bundled with esbuild). Opens the `notes` document from IndexedDB,
 * logs `values <json>` with what it holds, then, if the URL has `?save=V`, appends V and logs `saved V` once
 * the workspace reports it durable; with `?check`, compacts and logs `check <json>` with what is stored.
 */

import * as Y from 'yjs';
// Through the package's portable entry: bundling it for the browser also proves it loads no `node:` module.
import { IndexedDbDocumentStore, openWorkspace } from '../../index.ts';

const workspace = openWorkspace({
  appId: 'durability',
  store: new IndexedDbDocumentStore('offgrid-durability'),
});
await workspace.whenLoaded('notes');
const values = workspace.doc('notes').getArray<string>('values');
console.log(`values ${JSON.stringify(values.toArray())}`);
// The root tsconfig has no DOM lib; this runs in a page.
const { href } = (globalThis as unknown as { location: { href: string } }).location;
const save = new URL(href).searchParams.get('save');
if (save !== null) {
  values.push([save]);
  await workspace.whenSaved();
  console.log(`saved ${save}`);
}
if (new URL(href).searchParams.has('check')) {
  // Compaction and listing on the real IndexedDB: one stored update afterwards, same values.
  const names = await workspace.list();
  await workspace.compact('notes');
  const { updates } = await new IndexedDbDocumentStore('offgrid-durability').load('notes');
  const check = new Y.Doc();
  for (const update of updates) Y.applyUpdate(check, update);
  console.log(
    `check ${JSON.stringify({ names, stored: updates.length, values: check.getArray('values').toArray() })}`,
  );
}
