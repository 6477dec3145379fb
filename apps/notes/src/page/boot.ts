/**
 * The notes page's only script (served as `notes.js`; the host's CSP allows scripts from the app's origin only):
 * the app's workspace from this origin's IndexedDB (and, once `offgrid up` links it, the local agent), mounted
 * into `#app`, with Share and "From nearby" (through the agent) and, once the agent answers, Invite and Join.
 */
import { nearbyShare, openAppWorkspace } from '@offgrid/framework';
import { mountNotes } from '../mount-notes.ts';
import { nearbyNoteSharing } from '../share/nearby-note-sharing.ts';
import { mountImportNearby } from './page-import.ts';
import { agentPageInvite } from './page-pairing.ts';

const root = document.getElementById('app');
if (root === null) throw new Error('the notes page has no #app element');
const workspace = openAppWorkspace('notes');
const share = nearbyShare(workspace);
const describe = (id: string) => share.nearbyPeers().find((peer) => peer.id === id);
const notes = mountNotes(root, workspace, {
  storage: localStorage,
  sharing: nearbyNoteSharing(share, describe),
});
mountImportNearby(root, share, notes);

// Invite / Join above the app, inside a `<offgrid-workspace>` that hands the invite source to `<offgrid-invite>`.
const pairing = document.createElement('offgrid-workspace');
pairing.append(document.createElement('offgrid-invite'));
pairing.hidden = true;
root.before(pairing);
agentPageInvite('notes', workspace, share).then(
  (invite) => {
    Object.assign(pairing, { workspace, invite });
    pairing.hidden = false;
  },
  (error: unknown) => console.warn('no Invite or Join: the agent did not answer', error),
);
