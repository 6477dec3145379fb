import { AgentError } from '../errors/index.ts';
import type { OspMessage } from '../protocol/index.ts';

type Response = OspMessage & { requestId: number };

interface Pending {
  readonly responseType: OspMessage['type'];
  readonly resolve: (response: Response) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Requests waiting for their response. osp-application §Message delivery: a response carries the `request-id`
 * of its request, and (osp-network §Messages) arrives on a stream the responder opened, so the id alone
 * matches the two.
 */
export class PendingRequests {
  readonly #pending = new Map<number, Pending>();

  /** Waits for the response to request `requestId`; rejects with AgentError 'request-timeout' after `ms`. */
  expect(requestId: number, responseType: OspMessage['type'], ms: number, what: string): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new AgentError('request-timeout', `no answer to ${what} in ${ms} ms`));
      }, ms);
      this.#pending.set(requestId, { responseType, resolve, reject, timer });
    });
  }

  /** Hands `response` to its request; returns false if no request waits for that id. */
  settle(response: Response): boolean {
    const pending = this.#pending.get(response.requestId);
    if (pending === undefined) return false;
    this.#pending.delete(response.requestId);
    clearTimeout(pending.timer);
    if (pending.responseType === response.type) pending.resolve(response);
    else {
      pending.reject(
        new AgentError(
          'unexpected-response',
          `expected ${pending.responseType} for request ${response.requestId}, got ${response.type}`,
        ),
      );
    }
    return true;
  }

  /** Gives up on request `requestId` (its send failed). */
  cancel(requestId: number, reason: unknown): void {
    const pending = this.#pending.get(requestId);
    if (pending === undefined) return;
    this.#pending.delete(requestId);
    clearTimeout(pending.timer);
    pending.reject(reason);
  }

  /** Fails every waiting request, e.g. when the connection closes. */
  failAll(reason: unknown): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.#pending.clear();
  }
}
