import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createMemorySessionPair } from './memory-session.ts';
import { describeSessionConformance, readAll } from './testing/session-conformance.ts';

const clientCertificate = new Uint8Array([1, 2, 3]);
const serverCertificate = new Uint8Array([4, 5, 6]);

describeSessionConformance('memory', async () => {
  const [client, server] = createMemorySessionPair({ clientCertificate, serverCertificate });
  return { client, server, clientCertificate, serverCertificate, dispose: () => client.close() };
});

it('memory pair delivers on microtasks alone', async () => {
  const [client, server] = createMemorySessionPair();
  const stream = await client.openStream();
  const writer = stream.writable.getWriter();
  void writer.write(new Uint8Array([7])).then(() => writer.close());
  const reader = server.incomingStreams.getReader();
  const { value } = await reader.read();
  assert.ok(value);
  // setImmediate would fire after any macrotask; the data must already be there by then.
  const got = await Promise.race([
    readAll(value.readable),
    new Promise((r) => setImmediate(() => r('timer first'))),
  ]);
  assert.deepEqual(got, new Uint8Array([7]));
  await client.close();
});
