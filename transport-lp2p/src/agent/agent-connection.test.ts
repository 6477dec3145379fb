import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createMemorySessionPair, type Session } from '../platform/index.ts';
import { encodeMessage, encodeVarint, MessageReader, type OspMessage } from '../protocol/index.ts';
import { AgentConnection, type AgentConnectionOptions } from './agent-connection.ts';
import { CloseCode } from './close-codes.ts';
import { connectedPair } from './testing/connected-pair.ts';

/** Writes raw bytes on a fresh stream of the session, as a misbehaving peer would. */
async function sendRaw(session: Session, bytes: Uint8Array, kind: 'uni' | 'bidi' = 'uni'): Promise<void> {
  const stream = kind === 'uni' ? await session.openUnidirectionalStream() : await session.openStream();
  const writer = stream.writable.getWriter();
  await writer.write(bytes);
}

/** An AgentConnection on the server side of a memory pair; the client side is a bare session to drive by hand. */
function agentAgainstBareSession(options: Partial<AgentConnectionOptions> = {}) {
  const [bare, session] = createMemorySessionPair();
  const agent = new AgentConnection({
    session,
    localInfo: () => ({
      displayName: 'agent',
      modelName: 'm',
      capabilities: [],
      stateToken: 'st',
      locales: [],
    }),
    nextRequestId: () => 1,
    remoteFingerprint: 'x',
    statusIntervalMs: 0,
    ...options,
  });
  return { bare, agent };
}

/** The first message on the next unidirectional stream the bare session receives. */
async function nextMessageOnUnidirectional(session: Session): Promise<{ id: number; message: OspMessage }> {
  const reader = session.incomingUnidirectionalStreams.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  assert.ok(value);
  const messages = new MessageReader();
  for await (const chunk of value.readable) {
    const [message] = messages.push(chunk);
    if (message) return { id: value.id, message };
  }
  throw new Error('stream ended without a message');
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

  for (const kind of ['uni', 'bidi'] as const) {
    it(`closes with 404 and the key in the reason on an unknown type key (${kind} stream)`, async () => {
      const pair = await connectedPair();
      cleanup = pair.close;
      await sendRaw(pair.client.connection.session, new Uint8Array([...encodeVarint(9999), 0xa0]), kind);
      const closed = await pair.client.connection.closed;
      assert.equal(closed.code, CloseCode.UnknownTypeKey);
      assert.match(closed.reason, /9999/);
      assert.equal((await pair.server.connection.closed).code, CloseCode.UnknownTypeKey);
    });
  }

  it('names an 8-byte type key in the 404 reason', async () => {
    const { bare, agent } = agentAgainstBareSession();
    cleanup = () => agent.close();
    await sendRaw(bare, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa0]));
    const closed = await bare.closed;
    assert.deepEqual(closed, { code: 404, reason: 'unknown type key 4611686018427387903', local: false });
  });

  it('answers a request from a unidirectional stream on one it opens, matched by request-id', async () => {
    const { bare, agent } = agentAgainstBareSession();
    cleanup = () => agent.close();
    const answer = nextMessageOnUnidirectional(bare);
    const sent = await bare.openUnidirectionalStream();
    const writer = sent.writable.getWriter();
    await writer.write(encodeMessage({ type: 'agent-info-request', requestId: 77 }));
    await writer.close();
    const { id, message } = await answer;
    assert.notEqual(id, sent.id);
    assert.equal(id % 4, 3, 'a unidirectional stream the responder (server) opened');
    assert.deepEqual(message, {
      type: 'agent-info-response',
      requestId: 77,
      agentInfo: { displayName: 'agent', modelName: 'm', capabilities: [], stateToken: 'st', locales: [] },
    });
  });

  it('answers every request of an ordered group on one stream', async () => {
    const { bare, agent } = agentAgainstBareSession({ authenticated: true });
    cleanup = () => agent.close();
    const writer = (await bare.openUnidirectionalStream()).writable.getWriter();
    await writer.write(
      new Uint8Array([
        ...encodeMessage({ type: 'agent-status-request', requestId: 5 }),
        ...encodeMessage({ type: 'agent-info-request', requestId: 6 }),
      ]),
    );
    const first = await nextMessageOnUnidirectional(bare);
    const second = await nextMessageOnUnidirectional(bare);
    assert.deepEqual(
      [first.message.type, second.message.type],
      ['agent-status-response', 'agent-info-response'],
    );
  });

  it('sends its own requests on unidirectional streams and takes the response from another', async () => {
    const { bare, agent } = agentAgainstBareSession();
    cleanup = () => agent.close();
    const asked = nextMessageOnUnidirectional(bare);
    agent.markAuthenticated();
    const answered = agent.checkStatus();
    const { message } = await asked;
    assert.equal(message.type, 'agent-status-request');
    const writer = (await bare.openUnidirectionalStream()).writable.getWriter();
    await writer.write(
      encodeMessage({
        type: 'agent-status-response',
        requestId: (message as { requestId: number }).requestId,
      }),
    );
    assert.ok((await answered) >= 0);
  });

  it('times out a request whose stream never opens (a TLS/TCP stranger with no reverse streams), unhandled by none', async () => {
    const [, session] = createMemorySessionPair();
    const stuck = new Proxy(session, {
      get(target, property) {
        if (property === 'openUnidirectionalStream') return () => new Promise(() => {});
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const agent = new AgentConnection({
      session: stuck,
      localInfo: () => ({ displayName: 'a', modelName: 'm', capabilities: [], stateToken: 's', locales: [] }),
      nextRequestId: () => 1,
      remoteFingerprint: 'x',
      requestTimeoutMs: 30,
      statusIntervalMs: 0,
    });
    cleanup = () => agent.close();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    await assert.rejects(
      agent.fetchAgentInfo(),
      (error: unknown) => (error as { code?: string }).code === 'request-timeout',
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, []);
  });

  it('closes with 400 on a malformed frame', async () => {
    const pair = await connectedPair();
    cleanup = pair.close;
    // agent-info-request (10) whose body is a CBOR text string instead of a map.
    await sendRaw(pair.client.connection.session, new Uint8Array([...encodeVarint(10), 0x61, 0x41]));
    assert.equal((await pair.client.connection.closed).code, CloseCode.MalformedMessage);
  });

  for (const [message, kind] of [
    [{ type: 'data-channel-open-request', requestId: 1, channelId: 0, label: 'x', protocol: '' }, 'bidi'],
    [{ type: 'data-frame', encodingId: 1, payload: new Uint8Array([104, 105]) }, 'uni'],
    [{ type: 'data-frame', encodingId: 1, payload: new Uint8Array([104, 105]) }, 'bidi'],
  ] as const) {
    it(`closes the connection with 403 on ${message.type} before authentication (${kind})`, async () => {
      const pair = await connectedPair();
      cleanup = pair.close;
      await sendRaw(pair.client.connection.session, encodeMessage(message), kind);
      const closed = await pair.client.connection.closed;
      assert.equal(closed.code, CloseCode.NotAllowed);
      assert.match(closed.reason, new RegExp(message.type));
    });
  }

  it('refuses a data-frame before authentication from its type key, before its body arrives', async () => {
    const { bare, agent } = agentAgainstBareSession();
    cleanup = () => agent.close();
    // Type key 24 and the head of a 250 MiB frame: nothing of the body follows.
    await sendRaw(bare, new Uint8Array([0x18, 0xa2, 0x00, 0x02, 0x04, 0x5a, 0x0f, 0xa0, 0x00, 0x00]));
    assert.deepEqual(await bare.closed, {
      code: 403,
      reason: 'data-frame before authentication',
      local: false,
    });
  });

  it('caps control messages before authentication (an agent-info-event announcing 64 KiB is refused)', async () => {
    const { bare, agent } = agentAgainstBareSession();
    cleanup = () => agent.close();
    await sendRaw(bare, new Uint8Array([0x40, 0x78, 0xa1, 0x00, 0xa5, 0x00, 0x79, 0xff, 0xff]));
    assert.equal((await bare.closed).code, CloseCode.MalformedMessage);
  });

  it('closes with 408 a stream whose first message never completes before authentication', async () => {
    const { bare, agent } = agentAgainstBareSession({ firstMessageTimeoutMs: 50 });
    cleanup = () => agent.close();
    await sendRaw(bare, new Uint8Array([0x0a])); // the type key of agent-info-request, then nothing
    const closed = await bare.closed;
    assert.equal(closed.code, CloseCode.Timeout);
    assert.match(closed.reason, /no complete message/);
  });

  it('refuses agent-status before authentication (403) and serves it after', async () => {
    const refused = await connectedPair();
    await sendRaw(
      refused.client.connection.session,
      encodeMessage({ type: 'agent-status-request', requestId: 41 }),
    );
    assert.deepEqual(await refused.client.connection.closed, {
      code: 403,
      reason: 'agent-status-request before authentication',
      local: false,
    });
    await refused.close();
    const pair = await connectedPair();
    cleanup = pair.close;
    pair.server.connection.markAuthenticated();
    pair.client.connection.markAuthenticated();
    const response = await pair.client.connection.request(
      { type: 'agent-status-request', requestId: 42 },
      'agent-status-response',
    );
    assert.equal(response.requestId, 42);
  });

  it('keeps alive with agent-status and closes a peer that stops answering (408, peer-unresponsive)', async () => {
    const { bare, agent } = agentAgainstBareSession({
      statusIntervalMs: 20,
      statusTimeoutMs: 60,
      authenticated: true,
    });
    cleanup = () => agent.close();
    // The bare side answers the first two requests, then falls silent.
    let answered = 0;
    void (async () => {
      for (;;) {
        const { message } = await nextMessageOnUnidirectional(bare);
        if (message.type !== 'agent-status-request' || answered === 2) continue;
        answered++;
        const writer = (await bare.openUnidirectionalStream()).writable.getWriter();
        await writer.write(encodeMessage({ type: 'agent-status-response', requestId: message.requestId }));
        await writer.close();
      }
    })().catch(() => {});
    const closed = await bare.closed;
    assert.equal(answered, 2);
    assert.equal(closed.code, CloseCode.Timeout);
    assert.equal(agent.failure?.code, 'peer-unresponsive');
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
