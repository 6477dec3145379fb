import { encodeRelay, fromBase64, type PageRequest } from '../share/relay-protocol.ts';
import { ShareError } from '../share/share-error.ts';
import { PageShareError } from './page-share-error.ts';

/** What the page share needs of its link to the agent ({@link AgentLink} has it). */
export interface RelayLink extends EventTarget {
  readonly connected: boolean;
  readonly bufferedAmount: number;
  sendText(text: string): boolean;
  onText(listener: (text: string) => void): () => void;
}

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly parts?: Uint8Array<ArrayBuffer>[];
}

/**
 * A page's requests to the agent's share host (docs/framework.md §Share from a page): each gets an id that the
 * agent's `reply` repeats; `data` frames for an id (a fetched file) are gathered in its `parts`. Every request
 * still waiting fails with `disconnected` when the link closes.
 */
export class RelayRequests {
  readonly #link: RelayLink;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  constructor(link: RelayLink) {
    this.#link = link;
  }

  /** A fresh id (requests and the page's own shares share one sequence). */
  nextId(): number {
    return this.#nextId++;
  }

  /** Sends a request with `send(id)`; resolves with the agent's result, rejects with a `PageShareError`. */
  request(send: (id: number) => void | Promise<void>, parts?: Uint8Array<ArrayBuffer>[]): Promise<unknown> {
    if (this.#closed) return Promise.reject(new ShareError('closed', 'this PageShare is closed'));
    if (!this.#link.connected)
      return Promise.reject(new PageShareError('unreachable', 'the agent is not reachable now'));
    const id = this.nextId();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(parts && { parts }) });
      const failed = (error: Error) => {
        this.#pending.delete(id);
        reject(error);
      };
      try {
        Promise.resolve(send(id)).catch(failed);
      } catch (error) {
        failed(error as Error);
      }
    });
  }

  /** Sends one frame; throws `disconnected` when the link cannot take it. */
  send(request: PageRequest): void {
    if (!this.#link.sendText(encodeRelay(request)))
      throw new PageShareError('disconnected', 'the link to the agent closed');
  }

  /** A `data` frame of a fetch. */
  part(id: number, data: string): void {
    this.#pending.get(id)?.parts?.push(fromBase64(data));
  }

  /** A `reply` frame: its request ends. */
  settle(
    id: number,
    reply: { ok: true; result: unknown } | { ok: false; code: string; message: string },
  ): void {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (reply.ok) pending?.resolve(reply.result);
    else pending?.reject(new PageShareError(reply.code, reply.message));
  }

  /** The link closed: every waiting request fails (shares already started go on on the agent). */
  disconnected(): void {
    const error = new PageShareError('disconnected', 'the link to the agent closed (shares go on there)');
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  close(): void {
    this.#closed = true;
    this.disconnected();
  }
}
