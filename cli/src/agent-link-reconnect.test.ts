/**
 * The page's link to its agent, in Node against the real app server and replica (loopback only): a missing token
 * asks for consent first; when the agent stops, the link reports offline and an edit made meanwhile stays in the
 * page; when the agent comes back on the same port the link reconnects by itself and the edit reaches the replica;
 * a token the agent no longer knows is dropped and consent asked again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { AgentLink, MemoryDocumentStore, openWorkspace } from '@offgrid/framework/node';
import { OriginTokens } from '@offgrid/transport-lp2p/node';
import { until } from '@offgrid/transport-lp2p/testing';
import { WebSocket } from 'ws';
import { startAppAgent } from './testing/app-agent.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'agent-link-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));
const app = { id: 'link-test', title: 'Link test', files: new Map() };

/** The agent's side: the replica and the app server, as `offgrid up` runs them. */
const startAgent = (tokens: OriginTokens) => startAppAgent({ app, stateDir, tokens });

it('asks consent once, reports offline while the agent is down, and reconnects when it is back', async () => {
  const tokens = new OriginTokens();
  let agent = await startAgent(tokens);
  const origin = `http://127.0.0.1:${agent.port}`;
  let kept: string | null = null;
  let consents = 0;
  const link = new AgentLink({
    syncUrl: `ws://127.0.0.1:${agent.port}/${app.id}/sync`,
    infoUrl: `${origin}/${app.id}/agent.json`,
    tokens: { get: () => kept, clear: () => (kept = null) },
    consent: async () => {
      consents++;
      kept = tokens.issue(origin); // what the trusted UI's yes does
    },
    createSocket: (url, protocols) =>
      new WebSocket(url, protocols, { origin }) as unknown as globalThis.WebSocket,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  const page = openWorkspace({ appId: app.id, store: new MemoryDocumentStore(), connectivity: link });
  link.start(page);
  page.doc('n').getText('t').insert(0, 'first;');
  await until(
    () => agent.replica.workspace.hub.get('n')?.doc.getText('t').toString() === 'first;',
    'first edit',
    10_000,
  );
  assert.equal(consents, 1);
  assert.equal(link.connected, true);

  await agent.stop();
  await until(() => !link.connected, 'the link to notice', 10_000);
  assert.equal(page.status().connectivity, 'offline');
  page.doc('n').getText('t').insert(0, 'offline;');

  agent = await startAgent(tokens);
  await until(
    () => agent.replica.workspace.hub.get('n')?.doc.getText('t').toString() === 'offline;first;',
    'resync',
    10_000,
  );
  assert.equal(consents, 1, 'the token was kept: no second consent');

  // The person removed the site: the agent refuses the old token, the link asks again and carries on.
  tokens.revoke(origin);
  await agent.stop();
  agent = await startAgent(tokens);
  page.doc('n').getText('t').insert(0, 'asked again;');
  await until(
    () =>
      agent.replica.workspace.hub.get('n')?.doc.getText('t').toString().startsWith('asked again;') === true,
    'after consent',
    10_000,
  );
  assert.equal(consents, 2);
  link.stop();
  await page.close();
  await agent.stop();
});
