/**
 * An unmodified `@hocuspocus/provider` (managing its own WebSocket) against our server role behind a `ws` server:
 * auth answered, step 1 / step 2, live updates both ways, sync-status acks (the provider's unsynced count drops
 * to 0), awareness both ways, read-only and refused tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type { StatelessEvent, SyncErrorEvent } from './hub/events.ts';
import { SyncHub } from './hub/sync-hub.ts';
import type { SyncLink } from './hub/sync-link.ts';
import { settle } from './testing/settle.ts';

describe('an unmodified Hocuspocus provider with our server role', () => {
  let wss: WebSocketServer;
  let url: string;
  const links: SyncLink[] = [];
  const providers: HocuspocusProvider[] = [];
  const hub = new SyncHub({
    authenticate: (token) => (token === 'writer' || token === 'reader' ? token : null),
    access: (identity) => (identity === 'writer' ? 'write' : 'read'),
    resolveDocument: (name) => (name.startsWith('hp-') ? new Y.Doc() : undefined),
  });
  const provider = (name: string, token: string) => {
    // `WebSocketPolyfill` goes through to the provider's own HocuspocusProviderWebsocket; its types omit it.
    const configuration = { url, name, token, WebSocketPolyfill: WebSocket, document: new Y.Doc() };
    const created = new HocuspocusProvider(
      configuration as ConstructorParameters<typeof HocuspocusProvider>[0],
    );
    providers.push(created);
    return created;
  };

  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    wss.on('connection', (socket) => links.push(hub.attach(socket, { peerId: '', role: 'server' })));
  });
  after(async () => {
    for (const p of providers) p.destroy();
    hub.destroy();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });

  it('syncs text both ways, acknowledges, and relays presence', async () => {
    const served = hub.open('hp-notes');
    served.doc.getText('t').insert(0, 'served');
    served.awareness.setLocalState({ name: 'server', colour: '#000' });
    const alice = provider('hp-notes', 'writer');
    let scope = '';
    alice.on('authenticated', ({ scope: s }: { scope: string }) => {
      scope = s;
    });
    await settle(
      () => alice.synced && alice.document.getText('t').toString() === 'served',
      'provider synced',
    );
    assert.equal(scope, 'read-write');
    alice.document.getText('t').insert(6, ' to alice');
    await settle(() => served.doc.getText('t').toString() === 'served to alice', 'provider edit applied');
    await settle(() => alice.unsyncedChanges === 0, 'provider saw our acks');
    served.doc.getText('t').insert(0, '» ');
    await settle(
      () => alice.document.getText('t').toString() === '» served to alice',
      'our edit reached the provider',
    );
    alice.setAwarenessField('name', 'Alice');
    await settle(
      () =>
        (served.awareness.getStates().get(alice.document.clientID) as { name?: string })?.name === 'Alice',
      'presence at server',
    );
    await settle(
      () => (alice.awareness?.getStates().get(served.doc.clientID) as { name?: string })?.name === 'server',
      'presence at provider',
    );

    const heard: string[] = [];
    served.addEventListener('stateless', (e) => heard.push((e as StatelessEvent).payload));
    const told: string[] = [];
    alice.on('stateless', ({ payload }: { payload: string }) => told.push(payload));
    alice.sendStateless('{"ping":1}');
    served.sendStateless('{"pong":1}');
    await settle(() => heard[0] === '{"ping":1}' && told[0] === '{"pong":1}', 'stateless both ways');

    const bob = provider('hp-notes', 'writer');
    await settle(
      () => bob.document.getText('t').toString() === '» served to alice',
      'second provider synced',
    );
    bob.document.getText('t').insert(0, 'B');
    await settle(() => alice.document.getText('t').toString().startsWith('B» '), 'relayed between providers');
    bob.setAwarenessField('name', 'Bob');
    await settle(
      () => (alice.awareness?.getStates().get(bob.document.clientID) as { name?: string })?.name === 'Bob',
      'presence relayed',
    );
    bob.destroy();
    await settle(
      () => !alice.awareness?.getStates().has(bob.document.clientID),
      'presence gone when bob left',
    );
  });

  it('accepts edits a provider makes during the handshake on top of offline changes', async () => {
    const offline = new Y.Doc();
    offline.getText('t').insert(0, 'written offline');
    const configuration = {
      url,
      name: 'hp-offline',
      token: 'writer',
      WebSocketPolyfill: WebSocket,
      document: offline,
    };
    const early = new HocuspocusProvider(
      configuration as ConstructorParameters<typeof HocuspocusProvider>[0],
    );
    providers.push(early);
    // Right after authentication, before the provider's step 2: this update builds on what the server lacks yet.
    early.on('authenticated', () => early.document.getText('t').insert(0, '» '));
    await settle(
      () => hub.get('hp-offline')?.doc.getText('t').toString() === '» written offline',
      'server has all',
    );
    assert.equal(links.at(-1)?.closed, false, 'the early update did not break the link');
  });

  it('answers a read-only token with readonly scope and refuses its writes', async () => {
    const served = hub.open('hp-frozen');
    served.doc.getText('t').insert(0, 'fixed');
    const reader = provider('hp-frozen', 'reader');
    let scope = '';
    reader.on('authenticated', ({ scope: s }: { scope: string }) => {
      scope = s;
    });
    await settle(() => reader.document.getText('t').toString() === 'fixed', 'reader synced');
    assert.equal(scope, 'readonly');
    const refused: SyncErrorEvent[] = [];
    served.addEventListener('refused', (e) => refused.push(e as SyncErrorEvent));
    reader.document.getText('t').insert(0, 'vandal ');
    await settle(() => refused.length === 1, 'refused');
    assert.equal(refused[0]?.error.code, 'write-denied');
    assert.equal(served.doc.getText('t').toString(), 'fixed');
    assert.ok(reader.unsyncedChanges > 0, 'the provider knows its change was not saved');
  });

  it('serves two session-aware providers of one document on one socket, relaying between them', async () => {
    const socket = new HocuspocusProviderWebsocket({
      url,
      WebSocketPolyfill: WebSocket,
    } as ConstructorParameters<typeof HocuspocusProviderWebsocket>[0]);
    const session = (token: string) => {
      const created = new HocuspocusProvider({
        websocketProvider: socket,
        name: 'hp-sessions',
        token,
        sessionAwareness: true,
        document: new Y.Doc(),
      });
      created.attach();
      providers.push(created);
      return created;
    };
    const [one, two] = [session('writer'), session('writer')];
    await settle(() => one.synced && two.synced, 'both sessions synced');
    one.document.getText('t').insert(0, 'one');
    await settle(() => two.document.getText('t').toString() === 'one', 'session to session on one socket');
    two.document.getText('t').insert(3, '+two');
    await settle(() => one.document.getText('t').toString() === 'one+two', 'and back');
    assert.equal(hub.get('hp-sessions')?.doc.getText('t').toString(), 'one+two');
    const link = links.at(-1);
    assert.equal(link?.addresses().length, 2, 'two addresses (name\\0session) on one link');
    socket.destroy();
  });

  it('refuses a bad token and a missing document alike', async () => {
    const reasons: string[] = [];
    const badToken = provider('hp-notes', 'nobody');
    badToken.on('authenticationFailed', ({ reason }: { reason: string }) => reasons.push(reason));
    const missing = provider('elsewhere', 'writer');
    missing.on('authenticationFailed', ({ reason }: { reason: string }) => reasons.push(reason));
    await settle(() => reasons.length === 2, 'both refused');
    assert.deepEqual(reasons, ['permission-denied', 'permission-denied']);
    assert.equal(hub.get('elsewhere'), undefined);
  });
});
