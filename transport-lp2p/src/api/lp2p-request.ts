import type { Session } from '../platform/index.ts';
import { defaultLocalPeerManager } from './default-manager.ts';
import type { LocalPeerManager } from './local-peer-manager.ts';
import type { LP2PConnection } from './lp2p-connection.ts';
import { createLP2PConnection } from './lp2p-connection.ts';
import type {
  QuicTransportListenerSource,
  QuicTransportSource,
} from './quic-transport/quic-transport-source.ts';

/** lp2p-draft §LP2PRequestOptions, plus Offgrid's `manager` (the default one otherwise) and `signal`. */
export interface LP2PRequestOptions {
  readonly nickname?: string;
  readonly manager?: LocalPeerManager | Promise<LocalPeerManager>;
}

/**
 * Asks for a connection to a nearby peer (lp2p-draft §LP2PRequest). `start()` lets the user pick a peer through
 * the prompt delegate — discovery results never reach the caller — authenticates it if needed, asks for a grant
 * for this origin, and resolves with the connection.
 *
 * @example
 * const request = new LP2PRequest({ nickname: 'example-request' });
 * const conn = await request.start();
 */
export class LP2PRequest implements QuicTransportSource, QuicTransportListenerSource {
  readonly nickname: string;
  readonly #manager: Promise<LocalPeerManager>;
  #connection: Promise<LP2PConnection> | undefined;
  #peer: string | undefined;

  constructor(options: LP2PRequestOptions = {}) {
    this.nickname = options.nickname ?? '';
    this.#manager = Promise.resolve(options.manager ?? defaultLocalPeerManager());
  }

  /** Resolves with the connection to the peer the user chose and granted. Calling it again returns the same one. */
  start(options: { signal?: AbortSignal } = {}): Promise<LP2PConnection> {
    this.#connection ??= this.#manager.then(async (manager) => {
      const connection = await manager.requestPeer(this.nickname, options.signal);
      this.#peer = connection.remoteFingerprint;
      return createLP2PConnection(connection, manager.quicTransportSourceFor(connection));
    });
    return this.#connection;
  }

  /** For `new LP2PQuicTransport(request)`: starts the request if needed, then dials the granted peer (ALPN q2q). */
  async openQuicTransportSession({ signal }: { readonly signal: AbortSignal }): Promise<Session> {
    await this.start({ signal });
    const manager = await this.#manager;
    return manager.agent.dialQuicTransport(this.#peer as string, signal);
  }

  /** For `new LP2PQuicTransportListener(request)`: q2q sessions the granted peer opens to us. */
  async listenQuicTransportSessions({
    signal,
  }: {
    readonly signal: AbortSignal;
  }): Promise<ReadableStream<Session>> {
    await this.start({ signal });
    const manager = await this.#manager;
    return manager.incomingQuicTransportSessions({ fingerprint: this.#peer, signal });
  }
}
