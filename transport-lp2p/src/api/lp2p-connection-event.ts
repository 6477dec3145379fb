import type { LP2PConnection } from './lp2p-connection.ts';
import type { EventInit } from './lp2p-events.ts';

/** lp2p §LP2PConnectionEvent: `connection` events of LP2PReceiver. */
export interface LP2PConnectionEventInit extends EventInit {
  connection: LP2PConnection;
}

/**
 * Fired with a new connection (lp2p §LP2PConnectionEvent).
 * @example receiver.addEventListener('connection', (e) => use((e as LP2PConnectionEvent).connection));
 */
export class LP2PConnectionEvent extends Event {
  readonly connection: LP2PConnection;

  constructor(type: string, init: LP2PConnectionEventInit) {
    super(type, init);
    // The IDL member is `required`: a missing one is a TypeError, as the bindings would throw.
    if (init?.connection === undefined) throw new TypeError('LP2PConnectionEventInit.connection is required');
    this.connection = init.connection;
  }
}
