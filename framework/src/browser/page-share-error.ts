/**
 * A page's share request that the agent refused or could not answer. `code`: `unreachable` (no socket to the
 * agent now), `disconnected` (the socket closed before the answer: a share started goes on on the agent), or the
 * agent's own code (`malformed`, `too-large`, `unknown-op` of the relay; `closed`, `bad-document`… of its share).
 */
export class PageShareError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'PageShareError';
    this.code = code;
  }
}
