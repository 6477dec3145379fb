/**
 * "From nearby" on the notes page: `<offgrid-import-nearby>` over the page's share (offers with Accept and
 * Decline, then progress), shown while anything is offered or being received, and after a receipt this page
 * watched failed (the agent keeps ended receipts a while; a received note needs no more notice: it opens).
 * A note accepted here is opened, or made (`SharedNoteImport`).
 */
import type { PageShare } from '@offgrid/framework';
import type { MountedNotes } from '../mount-notes.ts';
import { SharedNoteImport } from '../share/shared-note-import.ts';

/** Puts the "From nearby" region before `root` and takes accepted notes into `notes`' library. */
export function mountImportNearby(root: HTMLElement, share: PageShare, notes: MountedNotes): () => void {
  const section = document.createElement('section');
  section.className = 'from-nearby';
  section.setAttribute('aria-labelledby', 'from-nearby-title');
  section.hidden = true;
  const title = document.createElement('h2');
  title.id = 'from-nearby-title';
  title.textContent = 'From nearby';
  section.append(title);
  const provider = document.createElement('offgrid-workspace');
  const list = document.createElement('offgrid-import-nearby');
  provider.append(list);
  section.append(provider);
  root.before(section);
  const imports = new SharedNoteImport(share, notes.library, (id) => notes.element.openNote(id));
  list.addEventListener('offgrid-accept', (event) =>
    imports.accepted((event as CustomEvent<{ transferId: string }>).detail.transferId),
  );
  const watched = new Set<string>();
  const update = () => {
    const { offers, incoming } = share.snapshot();
    for (const receipt of incoming) if (receipt.state === 'receiving') watched.add(receipt.transferId);
    const notice = incoming.some(
      (receipt) =>
        receipt.state === 'receiving' || (receipt.state === 'failed' && watched.has(receipt.transferId)),
    );
    section.hidden = offers.length === 0 && !notice;
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
