/**
 * Serving apps on origins of their own (docs/security.md §App pages): the files with their headers, the sync
 * socket refused with 403 before any state change for a bad Host, a bad Origin, a missing or wrong token; the
 * same ports on every run; capability tokens that survive a restart, in a 0600 file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { StateDirError } from '../errors/index.ts';
import { AppHost } from './app-host.ts';
import { APP_SYNC_PROTOCOL, APP_TOKEN_PROTOCOL_PREFIX, type HostedApp } from './app-server.ts';
import { OriginTokens } from './origin-tokens.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'app-host-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));

const app: HostedApp = {
  id: 'demo',
  title: 'Demo',
  files: new Map([
    [
      'index.html',
      { body: new TextEncoder().encode('<h1>demo</h1>'), contentType: 'text/html; charset=utf-8' },
    ],
  ]),
};

/** Opens a sync socket with the given headers; resolves with the HTTP status of a refusal, or 101. */
function handshake(
  url: string,
  options: { origin?: string; host?: string; protocols?: string[] },
): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, options.protocols ?? [], {
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(options.host === undefined ? {} : { headers: { host: options.host } }),
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('error', () => {});
  });
}

/** GET /demo/ with a chosen Host header (fetch does not let a caller set it). */
function statusWithHost(port: number, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(
      { host: '127.0.0.1', port, path: '/demo/', headers: { host: hostHeader } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
  });
}

describe('app host', () => {
  it('serves the files, agent.json, and refuses sync sockets without Host, Origin and token', async () => {
    const tokens = new OriginTokens();
    const accepted: WebSocket[] = [];
    const host = await AppHost.start({
      apps: [app],
      stateDir,
      bridgePort: 4999,
      verifyToken: (origin, token) => tokens.verify(origin, token),
      onSyncSocket: (_id, socket) => accepted.push(socket),
    });
    const server = host.servers.get('demo');
    assert.ok(server);
    const port = server.port;
    const origin = `http://127.0.0.1:${port}`;
    const token = tokens.issue(origin);
    try {
      const page = await fetch(`${origin}/demo/`);
      assert.equal(page.status, 200);
      assert.equal(await page.text(), '<h1>demo</h1>');
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      const info = (await (await fetch(`${origin}/demo/agent.json`)).json()) as {
        bridge: string;
        ui: string;
      };
      assert.equal(info.bridge, 'ws://127.0.0.1:4999/lp2p');
      assert.equal((await fetch(`${origin}/demo/missing.js`)).status, 404);
      assert.equal(await statusWithHost(port, `evil.example:${port}`), 403, 'DNS rebinding');
      assert.equal(await statusWithHost(port, `localhost:${port}`), 200);

      const url = `ws://127.0.0.1:${port}/demo/sync`;
      const good = [APP_SYNC_PROTOCOL, `${APP_TOKEN_PROTOCOL_PREFIX}${token}`];
      const refusals = {
        'bad Host': await handshake(url, { origin, host: `evil.example:${port}`, protocols: good }),
        'no Origin': await handshake(url, { protocols: good }),
        'other origin': await handshake(url, { origin: 'http://evil.example', protocols: good }),
        'another app': await handshake(url, { origin: 'http://127.0.0.1:1', protocols: good }),
        'no token': await handshake(url, { origin, protocols: [APP_SYNC_PROTOCOL] }),
        'wrong token': await handshake(url, {
          origin,
          protocols: [APP_SYNC_PROTOCOL, `${APP_TOKEN_PROTOCOL_PREFIX}${'A'.repeat(43)}`],
        }),
        'token only': await handshake(url, { origin, protocols: [`${APP_TOKEN_PROTOCOL_PREFIX}${token}`] }),
      };
      for (const [what, outcome] of Object.entries(refusals)) assert.equal(outcome.status, 403, what);
      assert.equal(accepted.length, 0, 'no refused socket reached the replica');
      assert.equal(
        (await handshake(`ws://127.0.0.1:${port}/other/sync`, { origin, protocols: good })).status,
        404,
      );

      const ok = await handshake(url, { origin, protocols: good });
      assert.equal(ok.status, 101);
      assert.equal(ok.socket?.protocol, APP_SYNC_PROTOCOL);
      assert.equal(accepted.length, 1);
      ok.socket?.close();
    } finally {
      await host.close();
    }
    const again = await AppHost.start({
      apps: [app],
      stateDir,
      bridgePort: 4999,
      verifyToken: () => false,
      onSyncSocket: () => {},
    });
    assert.equal(again.servers.get('demo')?.port, port, 'the same port on the next run');
    await again.close();
  });
});

describe('origin tokens', () => {
  it('survive a restart in a 0600 file; revoking is kept too', async () => {
    const file = join(stateDir, 'origin-tokens.json');
    const first = await OriginTokens.open(file);
    const a = first.issue('http://127.0.0.1:1111');
    const b = first.issue('http://127.0.0.1:2222');
    await first.saved();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = await OriginTokens.open(file);
    assert.equal(second.verify('http://127.0.0.1:1111', a), true);
    assert.equal(second.verify('http://127.0.0.1:2222', b), true);
    assert.equal(second.verify('http://127.0.0.1:2222', a), false);
    second.revoke('http://127.0.0.1:1111');
    await second.saved();
    const third = await OriginTokens.open(file);
    assert.deepEqual(third.origins(), ['http://127.0.0.1:2222']);
  });

  it('refuses a malformed tokens file with a StateDirError', async () => {
    const file = join(stateDir, 'bad-tokens.json');
    for (const text of ['{', '{"v":2,"tokens":{}}', '{"v":1,"tokens":{"http://x":"short"}}']) {
      writeFileSync(file, text);
      await assert.rejects(OriginTokens.open(file), StateDirError);
    }
  });
});
