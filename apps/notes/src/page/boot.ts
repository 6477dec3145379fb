/**
 * The notes page's only script (served as `notes.js`; the host's CSP allows scripts from the app's origin only):
 * the app's workspace from this origin's IndexedDB (and, once `offgrid up` links it, the local agent), mounted
 * into `#app`.
 */
import { openAppWorkspace } from '@offgrid/framework';
import { mountNotes } from '../mount-notes.ts';

const root = document.getElementById('app');
if (root === null) throw new Error('the notes page has no #app element');
mountNotes(root, openAppWorkspace('notes'), { storage: localStorage });
