/**
 * The bridge's defences (docs/security.md §Loopback bridge), over real sockets on loopback: DNS rebinding, cross-site
 * WebSocket hijacking, a local process posing as a page, the trusted UI's framing and origin rules, and floods.
 * The agent neither browses nor advertises here, so nothing goes out on any network.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encode } from 'cborg';
import { startUp, type Up } from './start-up.ts';
import { handshakeStatus, httpRequest, TestPageClient } from './testing/bridge-client.ts';
import type { TrustedUiState } from './trusted-ui.ts';

const APP = 'http://127.0.0.1:45123';

describe('loopback bridge security', () => {
  let up: Up;
  let port: number;
  let stateDir: string;
  let ui: string;

  const state = async (): Promise<TrustedUiState> =>
    JSON.parse((await httpRequest(port, { path: '/ui/state', headers: { Host: `127.0.0.1:${port}` } })).body);
  const answer = (id: number, value: unknown, origin = ui) =>
    httpRequest(port, {
      method: 'POST',
      path: '/ui/answer',
      headers: { Host: `127.0.0.1:${port}`, Origin: origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, value }),
    });
  const waitForPrompt = async (kind: string) => {
    for (let i = 0; i < 100; i++) {
      const found = (await state()).prompts.find((p) => p.kind === kind);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ${kind} prompt`);
  };
  /** A page of `origin` that the person allowed: its token. */
  const allow = async (origin: string): Promise<string> => {
    const page = await TestPageClient.open(port, origin);
    page.send({ t: 'hello', token: '' });
    await page.next('consent-needed');
    page.send({ t: 'consent' });
    const prompt = await waitForPrompt('site');
    assert.equal(prompt.origin, origin);
    assert.equal((await answer(prompt.id, true)).status, 200);
    const { token } = await page.next('token');
    page.close();
    return token;
  };

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'offgrid-bridge-'));
    up = await startUp({
      agent: { displayName: 'bridge test', stateDir, interfaceAddress: '127.0.0.1', browse: false },
      limits: { socketsPerOrigin: 4 },
    });
    port = up.bridge.port;
    ui = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await up.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('refuses a Host other than the loopback names and port (DNS rebinding), for pages and the socket', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      `localhost.evil:${port}`,
    ]) {
      assert.equal((await httpRequest(port, { headers: { Host: host } })).status, 403, host);
      assert.equal(
        (await httpRequest(port, { path: '/ui/state', headers: { Host: host } })).status,
        403,
        host,
      );
      assert.equal(await handshakeStatus(port, { Host: host, Origin: APP }), 403, host);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      assert.equal((await httpRequest(port, { headers: { Host: host } })).status, 200, host);
    }
  });

  it('refuses a handshake without a web origin (CSWSH) before any state changes', async () => {
    const host = { Host: `127.0.0.1:${port}` };
    const before = (await state()).version;
    for (const origin of [
      undefined,
      'null',
      'file://',
      'chrome-extension://abc',
      `${APP}/path`,
      'http://',
      ui,
    ]) {
      const headers = origin === undefined ? host : { ...host, Origin: origin };
      assert.equal(await handshakeStatus(port, headers), 403, String(origin));
    }
    assert.equal(await handshakeStatus(port, { ...host, Origin: `http://localhost:${port}` }), 403);
    assert.equal(await handshakeStatus(port, { ...host, Origin: APP }, '/elsewhere'), 404);
    assert.equal(up.bridge.socketCount, 0);
    assert.equal((await state()).version, before, 'no prompt, no site: nothing changed');
    assert.equal(await handshakeStatus(port, { ...host, Origin: APP }), 101);
  });

  it('hears nothing but hello and consent from a page without its origin’s token', async () => {
    const impostor = await TestPageClient.open(port, 'http://127.0.0.1:45200');
    impostor.send({ t: 'hello', token: 'A'.repeat(43) });
    await impostor.next('consent-needed');
    impostor.send({ t: 'request', rid: 1, nickname: 'sneaky' });
    const error = await impostor.next('error');
    assert.equal(error.code, 'unexpected-message');
    assert.equal((await impostor.closed).code, 1008);
    assert.deepEqual((await state()).prompts, [], 'the request reached no prompt');
  });

  it('issues a per-origin token through the trusted UI; it opens that origin only', async () => {
    const origin = 'http://127.0.0.1:45300';
    const token = await allow(origin);
    assert.match(token, /^[\w-]{43}$/);
    assert.ok((await state()).sites.includes(origin));
    const page = await TestPageClient.open(port, origin);
    page.send({ t: 'hello', token });
    await page.next('welcome');
    page.close();
    const other = await TestPageClient.open(port, 'http://127.0.0.1:45301');
    other.send({ t: 'hello', token });
    await other.next('consent-needed');
    other.close();
  });

  it('blocks an origin the person refused', async () => {
    const origin = 'http://127.0.0.1:45400';
    const page = await TestPageClient.open(port, origin);
    page.send({ t: 'hello', token: '' });
    page.send({ t: 'consent' });
    const prompt = await waitForPrompt('site');
    await answer(prompt.id, false);
    assert.equal((await page.next('error')).code, 'not-allowed');
    assert.equal(await handshakeStatus(port, { Host: `127.0.0.1:${port}`, Origin: origin }), 403);
  });

  it('serves the trusted UI unframeable, and takes answers from its own origin only', async () => {
    const page = await httpRequest(port, { headers: { Host: `127.0.0.1:${port}` } });
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
    const asking = await TestPageClient.open(port, 'http://127.0.0.1:45500');
    asking.send({ t: 'hello', token: '' });
    asking.send({ t: 'consent' });
    const prompt = await waitForPrompt('site');
    assert.equal((await answer(prompt.id, true, APP)).status, 403, 'an app cannot answer');
    const noOrigin = await httpRequest(port, {
      method: 'POST',
      path: '/ui/answer',
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: prompt.id, value: true }),
    });
    assert.equal(noOrigin.status, 403, 'a POST without Origin is not the UI');
    const crossSite = await httpRequest(port, {
      path: '/ui/state',
      headers: { Host: `127.0.0.1:${port}`, 'Sec-Fetch-Site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403, 'an app cannot read the prompts');
    assert.ok(
      (await state()).prompts.some((p) => p.id === prompt.id),
      'still unanswered',
    );
    asking.close();
    await asking.closed;
    for (let i = 0; i < 50 && (await state()).prompts.length > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual((await state()).prompts, [], 'the prompt went with the last page that asked');
  });

  it('bounds floods: sockets per origin, one consent prompt per origin, malformed and oversized frames', async () => {
    const origin = 'http://127.0.0.1:45600';
    const pages = await Promise.all(Array.from({ length: 4 }, () => TestPageClient.open(port, origin)));
    assert.equal(await handshakeStatus(port, { Host: `127.0.0.1:${port}`, Origin: origin }), 429);
    for (const page of pages) {
      page.send({ t: 'hello', token: '' });
      page.send({ t: 'consent' });
    }
    await waitForPrompt('site');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(
      (await state()).prompts.filter((p) => p.origin === origin).length,
      1,
      'one prompt for the origin',
    );
    for (const page of pages) page.close();
    await Promise.all(pages.map((p) => p.closed));

    const bad = await TestPageClient.open(port, 'http://127.0.0.1:45601');
    bad.socket.send(encode({ t: 'hello', token: 7 }));
    assert.equal((await bad.next('error')).code, 'malformed-frame');
    assert.equal((await bad.closed).code, 1008);
    const big = await TestPageClient.open(port, 'http://127.0.0.1:45602');
    big.socket.send(new Uint8Array(1024 * 1024));
    assert.equal((await big.closed).code, 1009, 'a frame over the limit closes the socket');
  });

  it('mounts the Local HTTPS page proxy: a peer only for an origin with its token and a grant', async () => {
    const origin = 'http://127.0.0.1:45700';
    const token = await allow(origin);
    const peer = 'A'.repeat(43);
    const get = (headers: Record<string, string>) =>
      httpRequest(port, {
        path: `/peer/${peer}/index.html`,
        headers: { Host: `127.0.0.1:${port}`, ...headers },
      });
    assert.equal((await get({ Origin: origin })).status, 403, 'no token');
    assert.equal(
      (await get({ Origin: origin, 'x-offgrid-token': 'B'.repeat(43) })).status,
      403,
      'wrong token',
    );
    assert.equal(
      (await get({ Origin: 'http://127.0.0.1:45701', 'x-offgrid-token': token })).status,
      403,
      'other origin',
    );
    assert.equal(
      (await get({ Origin: origin, 'x-offgrid-token': token })).status,
      403,
      'token, but no grant',
    );
    assert.equal((await get({ Host: 'evil.example', Origin: origin, 'x-offgrid-token': token })).status, 403);
  });

  it('serves the browser module to any page, built from src/browser', async () => {
    const module = await httpRequest(port, { path: '/lp2p.js', headers: { Host: `127.0.0.1:${port}` } });
    assert.equal(module.status, 200);
    assert.equal(module.headers['access-control-allow-origin'], '*');
    assert.match(
      module.body,
      /export ?\{[^}]*\bLP2PReceiver\d* as LP2PReceiver\b|export ?\{[^}]*\bLP2PReceiver\b/,
    );
    assert.doesNotMatch(module.body, /from ["']node:/);
  });
});
