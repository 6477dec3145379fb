import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { encodeMessage, encodeVarint } from '../protocol/index.ts';
import { CloseCode } from './close-codes.ts';
import { connectedPair } from './testing/connected-pair.ts';

/** Writes raw bytes on a fresh stream of the client's session, as a misbehaving peer would. */
async function sendRaw(session: import('../platform/session.ts').Session, bytes: Uint8Array): Promise<void> {
  const stream = await session.openStream();
  const writer = stream.writable.getWriter();
  await writer.write(bytes);
}

describe('AgentConnection', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('exchanges agent-info both ways', async () => {
    const pair = await connectedPair(['Alice laptop', 'Bob phone']);
    cleanup = pair.close;
    const [fromServer, fromClient] = await Promise.all([
      pair.client.connection.fetchAgentInfo(),
      pair.server.connection.fetchAgentInfo(),
    ]);
    assert.equal(fromServer.displayName, 'Bob phone');
    assert.equal(fromClient.displayName, 'Alice laptop');
    assert.equal(pair.client.connection.remoteInfo?.displayName, 'Bob phone');
  });

  it('closes with 404 and the key in the reason on an unknown type key', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    await sendRaw(pair.client.connection.session, new Uint8Array([...encodeVarint(9999), 0xa0]));
    const closed = await pair.client.connection.closed;
    assert.equal(closed.code, CloseCode.UnknownTypeKey);
    assert.match(closed.reason, /9999/);
    assert.equal((await pair.server.connection.closed).code, CloseCode.UnknownTypeKey);
  });

  it('closes with 400 on a malformed frame', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    // agent-info-request (10) whose body is a CBOR text string instead of a map.
    await sendRaw(pair.client.connection.session, new Uint8Array([...encodeVarint(10), 0x61, 0x41]));
    assert.equal((await pair.client.connection.closed).code, CloseCode.MalformedMessage);
  });

  for (const message of [
    { type: 'data-channel-open-request', requestId: 1, channelId: 0, label: 'x', protocol: '' },
    { type: 'agent-status-request', requestId: 1 },
    { type: 'data-frame', encodingId: 1, payload: new Uint8Array([104, 105]) },
  ] as const) {
    it(`closes the connection on ${message.type} before authentication`, async () => {
      const pair = await connectedPair();
      cleanup = pair.close;
      await sendRaw(pair.client.connection.session, encodeMessage(message));
      const closed = await pair.client.connection.closed;
      assert.equal(closed.code, CloseCode.NotAllowed);
      assert.match(closed.reason, new RegExp(message.type));
    });
  }

  it('serves agent-status once the peer is authenticated', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    pair.server.connection.markAuthenticated();
    const response = await pair.client.connection.request(
      { type: 'agent-status-request', requestId: 42 },
      'agent-status-response',
    );
    assert.equal(response.requestId, 42);
  });
});

describe('AgentConnection stream routing', () => {
  it('holds a stream that arrives before its handler is registered, then hands it over', async () => {
    const pair = await connectedPair();
    try {
      pair.server.connection.markAuthenticated();
      const stream = await pair.client.connection.openStream();
      await stream.send({
        type: 'data-channel-open-request',
        requestId: 7,
        channelId: 0,
        label: 'late',
        protocol: '',
      });
      await new Promise((r) => setTimeout(r, 20));
      const received = await new Promise<string>((resolve) => {
        pair.server.connection.handle('data-channel-open-request', (first) => {
          if (first.type === 'data-channel-open-request') resolve(first.label);
        });
      });
      assert.equal(received, 'late');
    } finally {
      await pair.close();
    }
  });
});
