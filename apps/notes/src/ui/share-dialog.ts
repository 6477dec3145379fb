import type { NearbyPeer, PushProgress } from '@offgrid/components';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { NoteSharing } from '../share/note-sharing.ts';

/**
 * "Share nearby" for the notes app: a `<dialog>` with `<offgrid-share-nearby>` over a {@link NoteSharing}. Follows
 * the sharing's peers while the host is connected (subscribed in `hostConnected`, not after `hostDisconnected`);
 * a share runs until it ends, Cancel is pressed or the dialog closes. Without a sharing it renders nothing.
 */
export class ShareDialog implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #sharing: NoteSharing | undefined;
  #peers: readonly NearbyPeer[] = [];
  #progress: PushProgress | undefined;
  #error: string | undefined;
  #abort: AbortController | undefined;
  readonly #onPeers = () => {
    this.#peers = this.#sharing?.peers() ?? [];
    this.#host.requestUpdate();
  };

  constructor(host: ReactiveControllerHost & HTMLElement, sharing: NoteSharing | undefined) {
    this.#host = host;
    this.#sharing = sharing;
    host.addController(this);
  }

  get available(): boolean {
    return this.#sharing !== undefined;
  }

  hostConnected(): void {
    this.#sharing?.addEventListener('change', this.#onPeers);
    this.#onPeers();
  }

  hostDisconnected(): void {
    this.#sharing?.removeEventListener('change', this.#onPeers);
    this.#abort?.abort();
  }

  /** Opens the dialog with `file` (the note as Markdown) ready to go. */
  open(file: File): void {
    const element = this.#host.querySelector('offgrid-share-nearby');
    if (element) {
      element.file = file;
      element.selected = [];
    }
    this.#progress = undefined;
    this.#error = undefined;
    this.#host.requestUpdate();
    this.#host.querySelector<HTMLDialogElement>('.share-dialog')?.showModal();
  }

  render() {
    if (!this.#sharing) return nothing;
    return html`<dialog class="share-dialog" aria-label="Share this note nearby" @close=${this.#closed}>
      <offgrid-share-nearby .peers=${this.#peers} .progress=${this.#progress}
        @offgrid-share=${this.#share} @offgrid-cancel=${() => this.#abort?.abort()}></offgrid-share-nearby>
      ${this.#error ? html`<p class="share-error" role="alert">${this.#error}</p>` : nothing}
      <form method="dialog"><button type="submit">Close</button></form>
    </dialog>`;
  }

  readonly #share = async (event: CustomEvent<{ file: File; peers: string[] }>): Promise<void> => {
    if (!this.#sharing) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#error = undefined;
    try {
      await this.#sharing.share(event.detail.file, event.detail.peers, {
        signal: abort.signal,
        onProgress: (progress) => {
          this.#progress = progress;
          this.#host.requestUpdate();
        },
      });
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#error = `Could not share: ${error instanceof Error ? error.message : String(error)}`;
      this.#host.requestUpdate();
    }
  };

  readonly #closed = (): void => {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#progress = undefined;
    this.#host.requestUpdate();
  };
}
