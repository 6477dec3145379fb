/**
 * Boot module of the test pages (bundled instead of page/boot.ts): a workspace on the IndexedDB database `db`
 * (so two pages of one browser keep separate devices' data), joined to the test's relay at `relay` when given, and
 * the person's name preset from `name` when given, and with `share` a {@link RecordingSharing}. `window.notes`
 * (the mounted app), `window.workspace` and `window.sharing` are for the tests to read.
 */
import { IndexedDbDocumentStore, openWorkspace } from '@offgrid/framework';
import { mountNotes } from '../mount-notes.ts';
import { nameKey } from '../ui/person-name.ts';
import { RecordingSharing } from './recording-sharing.ts';

const params = new URL(location.href).searchParams;
const name = params.get('name');
if (name !== null) localStorage.setItem(nameKey, name);
const workspace = openWorkspace({
  appId: 'notes',
  store: new IndexedDbDocumentStore(params.get('db') ?? 'offgrid-notes'),
});
const relay = params.get('relay');
if (relay !== null) workspace.attach(new WebSocket(relay), { peerId: 'relay' });
const root = document.getElementById('app');
if (root === null) throw new Error('no #app');
const sharing = params.has('share') ? new RecordingSharing() : undefined;
const notes = mountNotes(root, workspace, { storage: localStorage, ...(sharing ? { sharing } : {}) });
Object.assign(window, { notes, workspace, sharing });
