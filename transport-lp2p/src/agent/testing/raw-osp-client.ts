/**
 * An independent minimal OSP client, written straight on `@matrixai/quic`, `node:http2` and `cborg` and on
 * nothing of Offgrid's session or message code, for the interop and hostile-peer tests. It follows
 * osp-network §Messages as written: a QUIC varint type key and a CBOR map per message, every message on a
 * unidirectional stream, responses matched by request-id.
 *
 * Run as a script (in a network namespace): `raw-osp-client.ts <mode> <host> <port>`; prints one JSON line per
 * result. Modes: `interop` (QUIC), `flood-quic`, `flood-tcp` (250 MiB data-frames on several streams before
 * authenticating).
 */

import { connect as h2Connect } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import Logger, { LogLevel } from '@matrixai/logger';
import { errors, events, QUICClient, type QUICConnection, QUICSocket, type QUICStream } from '@matrixai/quic';
import { decode, encode } from 'cborg';
import { createTestCredentials } from '../../testing/test-credentials.ts';

const logger = new Logger('raw-osp-client', LogLevel.SILENT);
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** RFC 9000 §16 varint, written by hand here on purpose (independent of protocol/varint.ts). */
function varint(value: number): number[] {
  if (value < 0x40) return [value];
  if (value < 0x4000) return [0x40 | (value >> 8), value & 0xff];
  return [0x80 | (value >>> 24), (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function frame(typeKey: number, body: Map<number, unknown>): Uint8Array {
  return new Uint8Array([...varint(typeKey), ...encode(body)]);
}

/**
 * Reads a stream's messages as they complete, [typeKey, body] each; a message may be followed by more on a
 * stream the agent keeps open (its pairing messages).
 */
async function readMessages(
  stream: QUICStream,
  onMessage: (key: number, body: Map<number, unknown>) => void,
): Promise<void> {
  let bytes: Uint8Array = new Uint8Array(0);
  for await (const chunk of stream.readable) {
    const joined = new Uint8Array(bytes.length + chunk.length);
    joined.set(bytes);
    joined.set(chunk, bytes.length);
    bytes = joined;
    for (;;) {
      if (bytes.length === 0) break;
      const first = bytes[0] as number;
      const length = 1 << (first >> 6);
      if (bytes.length < length) break;
      let key = first & 0x3f;
      for (let i = 1; i < length; i++) key = key * 256 + (bytes[i] as number);
      const item = decodeFirst(bytes.subarray(length));
      if (item === undefined) break;
      onMessage(key, item[0]);
      bytes = item[1];
    }
  }
}

/** The first CBOR item of `bytes` and what follows it, or undefined while it is incomplete. */
function decodeFirst(bytes: Uint8Array): [Map<number, unknown>, Uint8Array] | undefined {
  for (let end = 1; end <= bytes.length; end++) {
    try {
      const value = decode(bytes.subarray(0, end), { useMaps: true }) as Map<number, unknown>;
      return [value, bytes.slice(end)];
    } catch {
      // not complete yet
    }
  }
  return undefined;
}

interface Connected {
  readonly client: QUICClient;
  readonly connection: QUICConnection;
  readonly incoming: QUICStream[];
  readonly closed: Promise<{ code: number; reason: string }>;
  onStream?: (stream: QUICStream) => void;
}

async function connectQuic(host: string, port: number): Promise<Connected> {
  const credentials = await createTestCredentials('raw-osp-client');
  const socket = new QUICSocket({ logger });
  await socket.start({ host: '0.0.0.0', port: 0 });
  const client = await QUICClient.createQUICClient({
    host,
    port,
    serverName: 'agent.local',
    socket,
    crypto: {
      ops: { randomBytes: async (data) => crypto.getRandomValues(new Uint8Array(data)) && undefined },
    },
    config: {
      key: credentials.privateKeyPem,
      cert: credentials.certificatePem,
      verifyPeer: true,
      verifyCallback: async () => undefined, // a stranger: no pin, accepts whatever the agent shows
      applicationProtos: ['osp'],
      maxIdleTimeout: 30_000,
      initialMaxStreamsUni: 100,
      initialMaxStreamsBidi: 100,
    },
    logger,
  });
  const incoming: QUICStream[] = [];
  const connected: Connected = {
    client,
    connection: client.connection,
    incoming,
    closed: new Promise((resolve) => {
      client.connection.addEventListener(events.EventQUICConnectionError.name, (event: Event) => {
        const error = (event as events.EventQUICConnectionError).detail;
        if (
          error instanceof errors.ErrorQUICConnectionPeer ||
          error instanceof errors.ErrorQUICConnectionPeerTLS
        ) {
          const { errorCode, reason } = error.data;
          resolve({ code: errorCode, reason: new TextDecoder().decode(reason) });
        } else resolve({ code: -1, reason: String(error) });
      });
    }),
  };
  client.connection.addEventListener(events.EventQUICConnectionStream.name, (event: Event) => {
    const stream = (event as events.EventQUICConnectionStream).detail;
    incoming.push(stream);
    connected.onStream?.(stream);
  });
  return connected;
}

async function sendOnUni(connection: QUICConnection, bytes: Uint8Array, close = true): Promise<QUICStream> {
  const stream = connection.newStream('uni');
  const writer = stream.writable.getWriter();
  await writer.write(bytes);
  if (close) await writer.close();
  else writer.releaseLock();
  return stream;
}

/** Messages from the agent, one stream at a time, as they finish; with the stream's id and direction. */
function messagesFromAgent(connected: Connected) {
  const queue: { streamId: number; uni: boolean; key: number; body: Map<number, unknown> }[] = [];
  const waiters: (() => void)[] = [];
  connected.onStream = (stream) => {
    void readMessages(stream, (key, body) => {
      queue.push({ streamId: stream.streamId, uni: (stream.streamId & 2) === 2, key, body });
      for (const wake of waiters.splice(0)) wake();
    }).catch(() => {});
  };
  return async (key: number, match: (body: Map<number, unknown>) => boolean = () => true, ms = 10_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = queue.findIndex((m) => m.key === key && match(m.body));
      if (index >= 0) return queue.splice(index, 1)[0] as (typeof queue)[number];
      if (Date.now() > deadline) throw new Error(`no message with type key ${key} in ${ms} ms`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
}

async function interop(host: string, port: number): Promise<void> {
  const connected = await connectQuic(host, port);
  const next = messagesFromAgent(connected);
  // agent-info-request (10) on our unidirectional stream; agent-info-response (11) on one the agent opens.
  await sendOnUni(connected.connection, frame(10, new Map([[0, 1]])));
  const info = await next(11, (body) => body.get(0) === 1);
  const agentInfo = info.body.get(1) as Map<number, unknown>;
  print({
    check: 'agent-info-response',
    uni: info.uni,
    requestId: info.body.get(0),
    displayName: agentInfo.get(0),
  });
  // The agent asks us too (it does for every connection it accepts): answer on a stream of ours.
  const asked = await next(10);
  await sendOnUni(
    connected.connection,
    frame(
      11,
      new Map<number, unknown>([
        [0, asked.body.get(0)],
        [
          1,
          new Map<number, unknown>([
            [0, 'Raw client'],
            [1, 'raw'],
            [2, []],
            [3, 'st'],
            [4, ['en']],
          ]),
        ],
      ]),
    ),
  );
  print({ check: 'agent-info-request', uni: asked.uni, requestId: asked.body.get(0) });
  // auth-capabilities (1001): the agent answers with its own on a stream it opens.
  await sendOnUni(
    connected.connection,
    frame(
      1001,
      new Map<number, unknown>([
        [0, 50],
        [1, [0]],
        [2, 20],
      ]),
    ),
    false,
  );
  const capabilities = await next(1001);
  print({
    check: 'auth-capabilities',
    uni: capabilities.uni,
    pskEaseOfInput: capabilities.body.get(0),
    pskMinBitsOfEntropy: capabilities.body.get(2),
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stillOpen = await Promise.race([connected.closed.then(() => false), Promise.resolve(true)]);
  print({ check: 'still-open', open: stillOpen });
  await connected.client.destroy({ isApp: true, errorCode: 0, force: true }).catch(() => {});

  for (const [name, bytes] of [
    ['unknown-key', frame(9999, new Map())],
    ['unknown-8-byte-key', new Uint8Array([0xc0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xa0])],
    [
      'data-frame-before-auth',
      frame(
        24,
        new Map<number, unknown>([
          [0, 2],
          [4, new Uint8Array(10)],
        ]),
      ),
    ],
    // agent-status waits for authentication (it proves that the agent authenticated the asker).
    ['agent-status-before-auth', frame(12, new Map([[0, 2]]))],
  ] as const) {
    const fresh = await connectQuic(host, port);
    await sendOnUni(fresh.connection, bytes);
    const closed = await Promise.race([
      fresh.closed,
      new Promise<{ code: number; reason: string }>((resolve) =>
        setTimeout(() => resolve({ code: -2, reason: 'not closed in 5 s' }), 5000),
      ),
    ]);
    print({ check: name, ...closed });
    await fresh.client.destroy({ force: true }).catch(() => {});
  }
}

const FRAME_BYTES = 250 * 1024 * 1024;
const STREAMS = 4;
const CHUNK = new Uint8Array(64 * 1024);
/** The head of a 250 MiB data-frame: type key 24, map(2), encoding 2, key 4, a 4-byte byte-string length. */
const HEAD = new Uint8Array([
  24,
  0xa2,
  0,
  2,
  4,
  0x5a,
  ...new Uint8Array(new Uint32Array([FRAME_BYTES - 10]).buffer).reverse(),
]);

async function pump(write: (chunk: Uint8Array) => Promise<void>, stop: () => boolean): Promise<number> {
  let sent = 0;
  try {
    await write(HEAD);
    while (sent < FRAME_BYTES && !stop()) {
      await write(CHUNK);
      sent += CHUNK.length;
      // Writes that only buffer resolve without I/O; yield so the agent's close can be read at all.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch {
    // The agent stopped the stream or closed the connection.
  }
  return sent;
}

async function floodQuic(host: string, port: number): Promise<void> {
  const connected = await connectQuic(host, port);
  let closed: { code: number; reason: string } | undefined;
  void connected.closed.then((info) => {
    closed = info;
  });
  const sent = await Promise.all(
    Array.from({ length: STREAMS }, () => {
      const writer = connected.connection.newStream('uni').writable.getWriter();
      return pump(
        (chunk) => writer.write(chunk),
        () => closed !== undefined,
      );
    }),
  );
  const info = await Promise.race([
    connected.closed,
    new Promise((r) => setTimeout(() => r(undefined), 5000)),
  ]);
  print({ check: 'flood-quic', sent: sent.reduce((a, b) => a + b, 0), closed: info ?? null });
  await connected.client.destroy({ force: true }).catch(() => {});
}

async function floodTcp(host: string, port: number): Promise<void> {
  const credentials = await createTestCredentials('raw-osp-client');
  const socket = tlsConnect({
    host,
    port,
    cert: credentials.certificatePem,
    key: credentials.privateKeyPem,
    minVersion: 'TLSv1.3',
    ALPNProtocols: ['osp'],
    rejectUnauthorized: false,
    servername: 'agent.local',
  });
  const session = h2Connect(`https://${host}:${port}`, { createConnection: () => socket });
  session.on('error', () => {});
  let closed: { code: number } | undefined;
  let ended!: () => void;
  const gone = new Promise<void>((resolve) => {
    ended = resolve;
  });
  session.once('close', () => ended());
  // node:http2 does not always emit 'close' when the peer drops the socket under stalled writes: poll too.
  const poll = setInterval(() => {
    if (session.destroyed || session.closed || socket.destroyed) ended();
  }, 50);
  const goaway = new Promise<{ code: number }>((resolve) =>
    session.once('goaway', (code: number) => {
      closed = { code };
      resolve({ code });
    }),
  );
  const sent = await Promise.all(
    Array.from({ length: STREAMS }, () => {
      const stream = session.request({ ':method': 'POST', ':path': '/osp', 'osp-stream': 'forward-uni' });
      stream.on('error', () => {});
      return pump(
        (chunk) =>
          Promise.race([
            new Promise<void>((resolve, reject) => {
              if (stream.destroyed) reject(new Error('stream closed'));
              else stream.write(chunk, (error) => (error ? reject(error) : resolve()));
            }),
            // A write stalled on flow control never calls back once the agent hangs up.
            gone.then(() => Promise.reject(new Error('session closed'))),
          ]),
        () => closed !== undefined || session.destroyed,
      );
    }),
  );
  const info = await Promise.race([goaway, new Promise((r) => setTimeout(() => r(undefined), 5000))]);
  clearInterval(poll);
  print({ check: 'flood-tcp', sent: sent.reduce((a, b) => a + b, 0), closed: info ?? null });
  session.destroy();
  socket.destroy();
}

const [mode, host = '127.0.0.1', port = '0'] = process.argv.slice(2);
const run = { interop, 'flood-quic': floodQuic, 'flood-tcp': floodTcp }[mode as string];
if (!run) throw new Error(`unknown mode ${mode}`);
await run(host, Number(port));
print({ check: 'done' });
process.exit(0);
