import type { LP2PDataChannel } from './lp2p-data-channel.ts';

/** DOM's EventInit, which Node's types do not name globally. */
export type EventInit = NonNullable<ConstructorParameters<typeof Event>[1]>;

/** lp2p §LP2PDataChannelEvent. */
export interface LP2PDataChannelEventInit extends EventInit {
  channel: LP2PDataChannel;
}

/**
 * Fired at an LP2PConnection when the peer opened a data channel (lp2p §LP2PDataChannelEvent).
 * @example connection.ondatachannel = (e) => e.channel.send('hello');
 */
export class LP2PDataChannelEvent extends Event {
  readonly channel: LP2PDataChannel;

  constructor(type: string, init: LP2PDataChannelEventInit) {
    super(type, init);
    if (init?.channel === undefined) throw new TypeError('LP2PDataChannelEventInit.channel is required');
    this.channel = init.channel;
  }
}

export interface LP2PErrorEventInit extends EventInit {
  error: Error;
}

/**
 * The `error` event of a data channel, carrying what went wrong (the draft says only `Event`; this is an
 * Offgrid extension shaped like WebRTC's RTCErrorEvent, whose `error` is also an Error).
 * @example channel.onerror = (e) => log((e as LP2PErrorEvent).error);
 */
export class LP2PErrorEvent extends Event {
  readonly error: Error;

  constructor(type: string, init: LP2PErrorEventInit) {
    super(type, init);
    if (init?.error === undefined) throw new TypeError('LP2PErrorEventInit.error is required');
    this.error = init.error;
  }
}
