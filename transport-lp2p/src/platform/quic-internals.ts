import type { Socket } from 'node:dgram';
import { native, type QUICConnection, type QUICSocket, type QUICStream } from '@matrixai/quic';
import { SessionError } from '../errors/index.ts';

/**
 * The one door to @matrixai/quic's internals: the native quiche connection under a QUICConnection (datagrams,
 * path RTT, stream sends, stream credit), a QUICStream's writable-promise slots, quiche's Config prototype (window caps) and
 * a QUICSocket's UDP socket (buffer sizes).
 * Its typings leave these out or mark them protected, so nothing stops a release from renaming them. Each
 * accessor checks the shape it hands out and throws `SessionError('unsupported')` naming the missing member,
 * rather than letting a renamed method fail as "undefined is not a function" deep in a send.
 *
 * Checked by reading the library's dist/ and quiche binding against this version (the lockfile pins it);
 * quic-internals.test.ts fails when the installed version differs, so a bump gets re-checked here.
 */
export const CHECKED_QUIC_VERSION = '2.0.9';

/** The native quiche connection's methods Offgrid drives (quiche 0.18 as bound by the checked version). */
export interface NativeConnection {
  dgramSend(data: Uint8Array): undefined | null;
  dgramRecvVec(): Uint8Array | null;
  dgramMaxWritableLen(): number | null;
  dgramSendQueueLen(): number;
  dgramPurgeOutgoing(drop: (payload: Uint8Array) => boolean): void;
  pathStats(): Iterable<{ readonly active: boolean; readonly rtt: number }>;
  streamCapacity(streamId: number): number;
  streamPriority(streamId: number, urgency: number, incremental: boolean): void;
  streamSend(streamId: number, data: Uint8Array, fin: boolean): number | null;
  peerStreamsLeftBidi(): number;
  peerStreamsLeftUni(): number;
}

/** A QUICConnection's internals: its native handle, the step run after each packet, and its send. */
export interface ConnectionInternals {
  readonly conn: NativeConnection;
  processStreams(): void;
  send(): Promise<void>;
}

/** A QUICStream's internals: its id, connection, and the promise slots its blocked writes wait on. */
export interface StreamInternals {
  readonly streamId: number;
  readonly connection: ConnectionInternals;
  resolveWritableP?: () => void;
  rejectWritableP?: (reason?: unknown) => void;
  dispatchEvent(event: Event): boolean;
}

/** quiche's Config methods the window caps wrap (quiche-window-caps.ts). */
export interface QuicheConfigMethods {
  setApplicationProtos(protos: string[]): void;
  setMaxStreamWindow(bytes: number): void;
  setMaxConnectionWindow(bytes: number): void;
}

const nativeConnectionMethods = [
  'dgramSend',
  'dgramRecvVec',
  'dgramMaxWritableLen',
  'dgramSendQueueLen',
  'dgramPurgeOutgoing',
  'pathStats',
  'streamCapacity',
  'streamPriority',
  'streamSend',
  'peerStreamsLeftBidi',
  'peerStreamsLeftUni',
] as const satisfies readonly (keyof NativeConnection)[];

const configMethods = [
  'setApplicationProtos',
  'setMaxStreamWindow',
  'setMaxConnectionWindow',
] as const satisfies readonly (keyof QuicheConfigMethods)[];

/**
 * The internals of `connection`, checked.
 * @throws SessionError `unsupported` naming the first member that is missing.
 */
export function connectionInternals(connection: QUICConnection): ConnectionInternals {
  const candidate: unknown = connection;
  requireMethods(candidate, 'QUICConnection', ['processStreams', 'send']);
  const conn = (candidate as { conn?: unknown }).conn;
  requireMethods(conn, 'QUICConnection.conn', nativeConnectionMethods);
  return candidate as ConnectionInternals;
}

/**
 * The internals of `stream` (and of its connection), checked.
 * @throws SessionError `unsupported` naming the first member that is missing.
 */
export function streamInternals(stream: QUICStream): StreamInternals {
  const candidate: unknown = stream;
  requireMethods(candidate, 'QUICStream', ['dispatchEvent']);
  const fields = candidate as Record<string, unknown>;
  if (typeof fields.streamId !== 'number') throw missing('QUICStream.streamId');
  // Class fields of the library's QUICStream: present (undefined until a write blocks) on every instance.
  for (const slot of ['resolveWritableP', 'rejectWritableP']) {
    if (!(slot in fields)) throw missing(`QUICStream.${slot}`);
  }
  connectionInternals(fields.connection as QUICConnection);
  return candidate as StreamInternals;
}

/**
 * quiche's Config prototype, whose methods the window caps wrap, checked.
 * @throws SessionError `unsupported` naming the first member that is missing.
 */
export function quicheConfigPrototype(
  quiche: unknown = (native as { quiche?: unknown }).quiche,
): QuicheConfigMethods {
  const prototype = (quiche as { Config?: { prototype?: unknown } } | undefined)?.Config?.prototype;
  requireMethods(prototype, 'native.quiche.Config.prototype', configMethods);
  return prototype as QuicheConfigMethods;
}

/**
 * The Node UDP socket a started QUICSocket created (the library exposes no buffer options), checked.
 * @throws SessionError `unsupported` naming the first member that is missing.
 */
export function udpSocket(socket: QUICSocket): Socket {
  const udp = (socket as unknown as { socket?: unknown }).socket;
  requireMethods(udp, 'QUICSocket.socket', ['setRecvBufferSize', 'setSendBufferSize']);
  return udp as Socket;
}

function requireMethods(value: unknown, owner: string, methods: readonly string[]): void {
  if (typeof value !== 'object' || value === null) throw missing(owner);
  const members = value as Record<string, unknown>;
  for (const method of methods) {
    if (typeof members[method] !== 'function') throw missing(`${owner}.${method}()`);
  }
}

function missing(member: string): SessionError {
  return new SessionError(
    'unsupported',
    `@matrixai/quic internals changed: ${member} is missing (checked against ${CHECKED_QUIC_VERSION})`,
  );
}
