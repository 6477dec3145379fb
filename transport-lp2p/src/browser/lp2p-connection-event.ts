import type { LP2PConnection } from './lp2p-connection.ts';

type EventInit = NonNullable<ConstructorParameters<typeof Event>[1]>;

/** lp2p §LP2PConnectionEvent: `connection` events of the page's LP2PReceiver. */
export class LP2PConnectionEvent extends Event {
  readonly connection: LP2PConnection;

  constructor(type: string, init: EventInit & { connection: LP2PConnection }) {
    super(type, init);
    if (init?.connection === undefined) throw new TypeError('LP2PConnectionEventInit.connection is required');
    this.connection = init.connection;
  }
}
