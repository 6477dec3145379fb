import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { QUICConnection, QUICSocket, QUICStream } from '@matrixai/quic';
import { SessionError } from '../errors/index.ts';
import {
  CHECKED_QUIC_VERSION,
  connectionInternals,
  quicheConfigPrototype,
  streamInternals,
  udpSocket,
} from './quic-internals.ts';

const method = () => {};

function nativeConnection(): Record<string, unknown> {
  return Object.fromEntries(
    [
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
    ].map((name) => [name, method]),
  );
}

function connection(conn: unknown = nativeConnection()): QUICConnection {
  return { conn, processStreams: method, send: method } as unknown as QUICConnection;
}

function stream(fields: Record<string, unknown> = {}): QUICStream {
  return {
    streamId: 4,
    connection: connection(),
    resolveWritableP: undefined,
    rejectWritableP: undefined,
    dispatchEvent: method,
    ...fields,
  } as unknown as QUICStream;
}

function rejectsNaming(run: () => unknown, member: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SessionError);
    assert.equal(error.code, 'unsupported');
    assert.ok(error.message.includes(` ${member} is missing`), error.message);
    assert.ok(error.message.includes(CHECKED_QUIC_VERSION), error.message);
    return true;
  });
}

describe('quic-internals', () => {
  it('was checked against the @matrixai/quic version installed (re-check the internals, then bump it)', async () => {
    let folder = dirname(fileURLToPath(import.meta.resolve('@matrixai/quic')));
    while (!folder.endsWith(join('node_modules', '@matrixai', 'quic'))) folder = dirname(folder);
    const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as { version: string };
    assert.equal(manifest.version, CHECKED_QUIC_VERSION);
  });

  it('accepts the shapes it was written against', () => {
    const value = connection();
    assert.equal(connectionInternals(value), value);
    const writable = stream();
    assert.equal(streamInternals(writable), writable);
  });

  it('names the missing native connection method', () => {
    const conn = nativeConnection();
    delete conn.dgramSend;
    rejectsNaming(() => connectionInternals(connection(conn)), 'QUICConnection.conn.dgramSend()');
    const renamed = nativeConnection();
    renamed.pathStats = 'not a function';
    rejectsNaming(() => connectionInternals(connection(renamed)), 'QUICConnection.conn.pathStats()');
  });

  it('names a missing native handle or connection method', () => {
    rejectsNaming(() => connectionInternals(connection(null)), 'QUICConnection.conn');
    const noSend = { conn: nativeConnection(), processStreams: method } as unknown as QUICConnection;
    rejectsNaming(() => connectionInternals(noSend), 'QUICConnection.send()');
  });

  it('names what a stream lacks, its connection included', () => {
    rejectsNaming(() => streamInternals(stream({ streamId: '4' })), 'QUICStream.streamId');
    const noSlot = stream();
    delete (noSlot as unknown as Record<string, unknown>).resolveWritableP;
    rejectsNaming(() => streamInternals(noSlot), 'QUICStream.resolveWritableP');
    const conn = nativeConnection();
    delete conn.streamSend;
    rejectsNaming(
      () => streamInternals(stream({ connection: connection(conn) })),
      'QUICConnection.conn.streamSend()',
    );
  });

  it('checks the bundled quiche Config prototype, and names a missing window setter', () => {
    const prototype = quicheConfigPrototype();
    assert.equal(typeof prototype.setMaxStreamWindow, 'function');
    class Config {
      setApplicationProtos(): void {}
      setMaxStreamWindow(): void {}
    }
    rejectsNaming(
      () => quicheConfigPrototype({ Config }),
      'native.quiche.Config.prototype.setMaxConnectionWindow()',
    );
    rejectsNaming(() => quicheConfigPrototype({}), 'native.quiche.Config.prototype');
  });

  it('names a missing UDP socket', () => {
    rejectsNaming(() => udpSocket({} as QUICSocket), 'QUICSocket.socket');
    const socket = { socket: { setRecvBufferSize: method } } as unknown as QUICSocket;
    rejectsNaming(() => udpSocket(socket), 'QUICSocket.socket.setSendBufferSize()');
  });
});
