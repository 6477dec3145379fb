import type { Imported } from '@offgrid/framework';

/** The largest shared note taken in (a note is text; anything bigger is not one). */
export const MAX_SHARED_NOTE_BYTES = 4 * 1024 * 1024;
/** The media type parameter that carries the note's id, so a device that already syncs the note opens it. */
const NOTE_PARAMETER = 'offgrid-note';
/** A note id as the index keeps them (UUIDs); anything else in the parameter is ignored. */
const ID = /^[0-9a-f-]{8,64}$/;

/**
 * A note as the file "Share nearby" sends: `<title>.md`, the note's Markdown, media type
 * `text/markdown; offgrid-note=<id>` (RFC 6838 parameters: any receiver still sees Markdown).
 */
export function noteFile(id: string, title: string, text: string): File {
  const name = `${title.replace(/[\\/:*?"<>|]+/g, ' ').slice(0, 80)}.md`;
  return new File([text], name, { type: `text/markdown; ${NOTE_PARAMETER}=${id}` });
}

/** A shared note as received: its text, and the sender's note id when the file carried a valid one. */
export interface ReceivedNote {
  readonly text: string;
  readonly id?: string;
}

/**
 * The note in an imported file, or undefined when it is not one: only UTF-8 Markdown (by media type or `.md`
 * name) of at most {@link MAX_SHARED_NOTE_BYTES}. The bytes and the media type are remote input.
 */
export function receivedNote(imported: Imported): ReceivedNote | undefined {
  if (imported.kind !== 'file' || imported.bytes === undefined) return undefined;
  const [type = '', ...parameters] = imported.mediaType.split(';').map((part) => part.trim());
  const markdown = type.toLowerCase() === 'text/markdown' || /\.md$/i.test(imported.name);
  if (!markdown || imported.bytes.byteLength > MAX_SHARED_NOTE_BYTES) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(imported.bytes);
  } catch {
    return undefined; // not text: no note
  }
  const id = parameters
    .map((parameter) => parameter.split('='))
    .find(([key]) => key?.toLowerCase() === NOTE_PARAMETER)?.[1];
  return id !== undefined && ID.test(id) ? { text, id } : { text };
}
