/**
 * "From nearby" on the notes page: `<offgrid-import-nearby>` over the page's share (offers with Accept and
 * Decline, then progress), shown while anything is offered or being received. A note accepted here becomes a new
 * note and opens (`SharedNoteImport`).
 */
import type { PageShare } from '@offgrid/framework';
import type { MountedNotes } from '../mount-notes.ts';
import { SharedNoteImport } from '../share/shared-note-import.ts';

/** Puts the "From nearby" region before `root` and takes accepted notes into `notes`' library. */
export function mountImportNearby(root: HTMLElement, share: PageShare, notes: MountedNotes): () => void {
  const section = document.createElement('section');
  section.className = 'from-nearby';
  section.setAttribute('aria-label', 'From nearby');
  section.hidden = true;
  const provider = document.createElement('offgrid-workspace');
  const list = document.createElement('offgrid-import-nearby');
  provider.append(list);
  section.append(provider);
  root.before(section);
  const imports = new SharedNoteImport(share, notes.library, (id) => notes.element.openNote(id));
  list.addEventListener('offgrid-accept', (event) =>
    imports.accepted((event as CustomEvent<{ transferId: string }>).detail.transferId),
  );
  const update = () => {
    const { offers, incoming } = share.snapshot();
    section.hidden = offers.length === 0 && incoming.length === 0;
    Object.assign(provider, { share, peers: share.nearbyPeers() });
  };
  share.addEventListener('change', update);
  update();
  return () => {
    share.removeEventListener('change', update);
    imports.close();
    section.remove();
  };
}
