/**
 * The one thing the sync layer needs from a transport: a message channel shaped like the subset of
 * `RTCDataChannel` (and of `WebSocket`) below. `LP2PDataChannel`, `RTCDataChannel`, a browser or `ws` `WebSocket`
 * and {@link createMemoryChannelPair} fit it as they are.
 *
 * - Messages are binary. The sync layer sets `binaryType = 'arraybuffer'` where the channel has one, and then
 *   expects `message` events whose `data` is an `ArrayBuffer` (anything else is a protocol error on that channel).
 * - `readyState` is a string on data channels (`'open'`) and a number on WebSockets (`1`): see {@link isChannelOpen}.
 * - Backpressure: `bufferedAmount` always; the `bufferedamountlow` event only where the channel has
 *   `bufferedAmountLowThreshold` (data channels). WebSockets have neither event nor threshold: the sync layer
 *   polls `bufferedAmount` for them.
 * - `close()` closes; the `close` event says the channel is gone, whichever side closed it.
 */
export interface SyncChannel {
  readonly readyState: string | number;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold?: number;
  binaryType?: string;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(): void;
  addEventListener(type: string, listener: (event: ChannelEvent) => void): void;
  removeEventListener(type: string, listener: (event: ChannelEvent) => void): void;
}

/** Every event has a `type`; the sync layer reads `data` of `message` events with {@link messageData}. */
export interface ChannelEvent {
  readonly type: string;
}

/** The `data` of a `message` event (an `ArrayBuffer` on a well-behaved binary channel). */
export function messageData(event: ChannelEvent): unknown {
  return (event as { data?: unknown }).data;
}

/** `'open'` (data channels) or `1` (WebSocket.OPEN). */
export function isChannelOpen(channel: SyncChannel): boolean {
  return channel.readyState === 'open' || channel.readyState === 1;
}

/** `'closing'`/`'closed'` (data channels) or `2`/`3` (WebSocket.CLOSING/CLOSED). */
export function isChannelClosed(channel: SyncChannel): boolean {
  const state = channel.readyState;
  return state === 'closing' || state === 'closed' || state === 2 || state === 3;
}
