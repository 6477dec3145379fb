import type { Session } from '../platform/index.ts';
import type { BridgeLink } from './bridge-link.ts';
import { listenBridgedSessions, openBridgedSession } from './bridged-sessions.ts';
import { defaultBridgeLink } from './default-link.ts';
import { LP2PConnection } from './lp2p-connection.ts';
import { replyError } from './reply-error.ts';

/** lp2p-draft §LP2PRequestOptions. */
export interface LP2PRequestOptions {
  readonly nickname?: string;
}

/**
 * Asks for a connection to a nearby peer (lp2p-draft §LP2PRequest), through the agent: the user picks the peer in
 * the agent's trusted UI (the page never sees the discovery list), pairs with it if needed and grants this origin.
 *
 * @example
 * const request = new LP2PRequest({ nickname: 'example-request' });
 * const conn = await request.start();
 */
export class LP2PRequest {
  readonly nickname: string;
  readonly #link: () => BridgeLink;
  #connection: Promise<LP2PConnection> | undefined;
  #rid = 0;

  constructor(options: LP2PRequestOptions = {}, link: () => BridgeLink = defaultBridgeLink) {
    this.nickname = String(options.nickname ?? '');
    this.#link = link;
  }

  /** Resolves with the connection to the peer the user chose and granted. Calling it again returns the same one. */
  start(): Promise<LP2PConnection> {
    this.#connection ??= (async () => {
      const link = this.#link();
      await link.ready;
      const rid = link.nextId();
      this.#rid = rid;
      return new Promise<LP2PConnection>((resolve, reject) => {
        link.on(rid, (message) => {
          if (message.t !== 'reply') return;
          link.forget(rid);
          if (message.code) reject(replyError(message.code, message.message));
          else resolve(new LP2PConnection(link, message.conn));
        });
        link.onClose(reject);
        link.send({ t: 'request', rid, nickname: this.nickname });
      });
    })();
    return this.#connection;
  }

  /** For `new LP2PQuicTransport(request)`: starts the request if needed; the agent dials the granted peer (q2q). */
  async openQuicTransportSession({ signal }: { readonly signal: AbortSignal }): Promise<Session> {
    await this.start();
    return openBridgedSession(this.#link(), this.#rid, signal);
  }

  /** For `new LP2PQuicTransportListener(request)`: q2q sessions the granted peer opens to us. */
  async listenQuicTransportSessions({
    signal,
  }: {
    readonly signal: AbortSignal;
  }): Promise<ReadableStream<Session>> {
    await this.start();
    return listenBridgedSessions(this.#link(), this.#rid, signal);
  }
}
