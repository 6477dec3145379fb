import type { QuicTransportError } from '../../errors/index.ts';
import type { QuicTransportCloseInfo } from './close-info.ts';

export type TransportState = 'connecting' | 'connected' | 'closed' | 'failed';

const ignore = () => {};

/**
 * WebTransport's `ready` and `closed` promises and the state they follow (W3C WebTransport §state):
 * connecting → connected → closed (graceful: `closed` resolves) or failed (`ready`, if pending, and
 * `closed` reject). Both promises are marked handled: in Node an unobserved rejection would end the
 * process, while in a browser it is only logged.
 */
export class TransportLifecycle {
  readonly ready: Promise<void>;
  readonly closed: Promise<QuicTransportCloseInfo>;
  #state: TransportState = 'connecting';
  #resolveReady!: () => void;
  #rejectReady!: (error: QuicTransportError) => void;
  #resolveClosed!: (info: QuicTransportCloseInfo) => void;
  #rejectClosed!: (error: QuicTransportError) => void;

  constructor() {
    this.ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.closed = new Promise<QuicTransportCloseInfo>((resolve, reject) => {
      this.#resolveClosed = resolve;
      this.#rejectClosed = reject;
    });
    this.ready.catch(ignore);
    this.closed.catch(ignore);
  }

  get state(): TransportState {
    return this.#state;
  }

  /** connecting → connected; false (and no change) from any other state. */
  connect(): boolean {
    if (this.#state !== 'connecting') return false;
    this.#state = 'connected';
    this.#resolveReady();
    return true;
  }

  /** Graceful end; false when already ended. */
  finish(info: QuicTransportCloseInfo): boolean {
    if (this.#ended()) return false;
    this.#state = 'closed';
    this.#resolveClosed(info);
    return true;
  }

  /** Abrupt end or failure to connect; false when already ended. */
  fail(error: QuicTransportError): boolean {
    if (this.#ended()) return false;
    this.#state = 'failed';
    this.#rejectReady(error);
    this.#rejectClosed(error);
    return true;
  }

  #ended(): boolean {
    return this.#state === 'closed' || this.#state === 'failed';
  }
}
