import { ShareError } from '../share/share-error.ts';
import { ImportEvent, ImportFailedEvent } from '../share/share-events.ts';
import type { Imported, IncomingShare } from '../share/share-types.ts';
import { whenCovers } from '../share/state-vector-wait.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** How long an imported document may take to reach the page by sync. */
const DOCUMENT_SYNC_MS = 30_000;

/**
 * The page's `import` event for what the agent imported (its `imported` frame): a document once sync brought
 * this page's copy as far as the agent merged (`sv`), a file once `fetchFile` got its bytes from the agent; an
 * `importfailed` event when either does not come.
 */
export async function pageImportEvent(
  imported: Record<string, unknown>,
  workspace: Workspace,
  fetchFile: (transferId: string) => Promise<Uint8Array>,
): Promise<ImportEvent | ImportFailedEvent> {
  try {
    if (imported.kind === 'document') {
      const { sv, ...rest } = imported as { sv?: string; name: string };
      if (sv !== undefined) await whenCovers(workspace.doc(rest.name), sv, DOCUMENT_SYNC_MS);
      return new ImportEvent(rest as unknown as Imported);
    }
    const bytes = await fetchFile(imported.transferId as string);
    return new ImportEvent({ ...(imported as unknown as Imported), bytes } as Imported);
  } catch (error) {
    const cause = error as Error;
    return new ImportFailedEvent(
      imported as unknown as IncomingShare,
      new ShareError('import-failed', cause.message, { cause }),
    );
  }
}

/** The parts of a fetched file, end to end. */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
