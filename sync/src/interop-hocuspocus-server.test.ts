/**
 * Our client role against an unmodified `@hocuspocus/server` over a real WebSocket: auth token first, text both
 * ways, presence both ways, sync-status acks as confirmations, and the server's refusals (bad token, read-only).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server } from '@hocuspocus/server';
import { WebSocket } from 'ws';
import type { SyncErrorEvent } from './hub/events.ts';
import { SyncHub } from './hub/sync-hub.ts';
import { settle } from './testing/settle.ts';

describe('our client with an unmodified Hocuspocus server', () => {
  let server: Server;
  let url: string;
  const hubs: SyncHub[] = [];
  const client = (token: string) => {
    const hub = new SyncHub();
    hubs.push(hub);
    const link = hub.attach(new WebSocket(url), { peerId: 'hocuspocus', role: 'client', token });
    return { hub, link };
  };

  before(async () => {
    server = new Server({
      port: 0,
      address: '127.0.0.1',
      quiet: true,
      stopOnSignals: false,
      async onAuthenticate({ token, documentName, connectionConfig }) {
        if (token !== 'good' && token !== 'reader') throw new Error('bad token');
        if (token === 'reader' || documentName === 'frozen') connectionConfig.readOnly = true;
      },
    });
    await server.listen();
    url = `ws://127.0.0.1:${server.address.port}`;
  });
  after(async () => {
    for (const hub of hubs) hub.destroy();
    await server.destroy();
  });

  const serverText = async (name: string) => {
    const connection = await server.hocuspocus.openDirectConnection(name);
    return connection;
  };

  it('syncs text both ways, with acks and presence', async () => {
    const { hub } = client('good');
    await settle(() => hub.links.size === 1 && [...hub.links][0]?.channel.readyState === 1, 'socket open');
    const notes = hub.open('interop-notes');
    notes.doc.getText('t').insert(0, 'from our client');
    notes.awareness.setLocalState({ name: 'Ada', colour: '#0af' });
    await settle(
      () => server.hocuspocus.documents.get('interop-notes')?.getText('t').toString() === 'from our client',
      'server has it',
    );
    await settle(() => notes.unconfirmed().count === 0, 'server acknowledged');
    assert.equal(notes.peers()[0]?.peerId, 'hocuspocus');
    assert.equal(notes.peers()[0]?.confirmedClock, notes.ownClock);
    const serverDoc = server.hocuspocus.documents.get('interop-notes');
    await settle(
      () => (serverDoc?.awareness.getStates().get(notes.doc.clientID) as { name?: string })?.name === 'Ada',
      'presence at server',
    );

    const direct = await serverText('interop-notes');
    await direct.transact((doc) => doc.getText('t').insert(0, 'server says hi, '));
    await settle(
      () => notes.doc.getText('t').toString() === 'server says hi, from our client',
      'server edit reached us',
    );
    await direct.disconnect();

    const other = client('good');
    const mirror = other.hub.open('interop-notes');
    mirror.awareness.setLocalState({ name: 'Bob' });
    await settle(
      () => mirror.doc.getText('t').toString() === 'server says hi, from our client',
      'second client synced',
    );
    await settle(
      () => (notes.awareness.getStates().get(mirror.doc.clientID) as { name?: string })?.name === 'Bob',
      'presence relayed',
    );
    mirror.doc.getText('t').insert(0, '> ');
    await settle(() => notes.doc.getText('t').toString().startsWith('> server'), 'edit through the server');
  });

  it('learns of a refused token, and of read-only access through refused acks', async () => {
    const bad = client('wrong');
    const denied: SyncErrorEvent[] = [];
    bad.link.addEventListener('denied', (e) => denied.push(e as SyncErrorEvent));
    await settle(() => bad.link.channel.readyState === 1, 'socket open');
    bad.hub.open('interop-secret').doc.getText('t').insert(0, 'x');
    await settle(() => denied.length === 1, 'denied');
    assert.equal(denied[0]?.error.code, 'denied');

    const reader = client('reader');
    const refused: SyncErrorEvent[] = [];
    await settle(() => reader.link.channel.readyState === 1, 'socket open');
    const frozen = reader.hub.open('interop-frozen');
    frozen.addEventListener('refused', (e) => refused.push(e as SyncErrorEvent));
    frozen.doc.getText('t').insert(0, 'not allowed');
    await settle(() => refused.length >= 1, 'refused by the server');
    assert.equal(refused[0]?.error.code, 'write-denied');
    assert.equal(frozen.unconfirmed().count, 1);
    assert.equal(server.hocuspocus.documents.get('interop-frozen')?.getText('t').toString() ?? '', '');
  });
});
