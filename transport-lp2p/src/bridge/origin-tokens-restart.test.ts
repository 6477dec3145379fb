/**
 * Capability tokens across agent restarts (issue 12/13; docs/security.md §Capability tokens): `startUp` keeps them
 * in `<stateDir>/origin-tokens.json` by default, so a page's token still opens its socket after a restart without
 * asking the person again, while an origin the person removed has to ask again after the restart too. A real
 * agent and bridge on loopback (the agent neither browses nor advertises); pages are played by `TestPageClient`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { StateDirError } from '../errors/index.ts';
import { OriginTokens } from './origin-tokens.ts';
import { startUp, type Up, type UpOptions } from './start-up.ts';
import { httpRequest, TestPageClient } from './testing/bridge-client.ts';
import type { TrustedUiState } from './trusted-ui.ts';

const KEPT = 'http://127.0.0.1:46100';
const REMOVED = 'http://127.0.0.1:46101';

describe('capability tokens across agent restarts', () => {
  let dir: string;
  let up: Up | undefined;

  const start = async (stateDir: string, extra: Partial<UpOptions> = {}) => {
    up = await startUp({
      agent: { displayName: 'tokens test', stateDir, interfaceAddress: '127.0.0.1', browse: false },
      ...extra,
    });
    return up;
  };
  const stop = async () => {
    await up?.stop();
    up = undefined;
  };
  const ui = (running: Up) => ({
    Host: `127.0.0.1:${running.bridge.port}`,
    Origin: running.bridge.uiUrl.slice(0, -1),
  });
  const state = async (running: Up): Promise<TrustedUiState> =>
    JSON.parse((await httpRequest(running.bridge.port, { path: '/ui/state', headers: ui(running) })).body);
  const post = (running: Up, path: string, body: unknown) =>
    httpRequest(running.bridge.port, {
      method: 'POST',
      path,
      headers: { ...ui(running), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sitePrompt = async (running: Up, origin: string) => {
    for (let i = 0; i < 100; i++) {
      const found = (await state(running)).prompts.find((p) => p.kind === 'site' && p.origin === origin);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no site prompt for ${origin}`);
  };
  /** What the page gets for its kept token: `welcome` (no prompt) or `consent-needed`. */
  const hello = async (running: Up, origin: string, token: string) => {
    const page = await TestPageClient.open(running.bridge.port, origin);
    page.send({ t: 'hello', token });
    const answer = await Promise.race([
      page.next('welcome').then(() => 'welcome'),
      page.next('consent-needed').then(() => 'consent-needed'),
    ]);
    return { page, answer };
  };
  /** A page of `origin` the person allows through the trusted UI: its token. */
  const allow = async (running: Up, origin: string): Promise<string> => {
    const { page, answer } = await hello(running, origin, '');
    assert.equal(answer, 'consent-needed');
    page.send({ t: 'consent' });
    const prompt = await sitePrompt(running, origin);
    assert.equal((await post(running, '/ui/answer', { id: prompt.id, value: true })).status, 200);
    const { token } = await page.next('token');
    page.close();
    return token;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offgrid-tokens-'));
  });
  afterEach(stop);
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps a page working after a restart without asking again; a removed origin asks again', async () => {
    const stateDir = join(dir, 'kept');
    let running = await start(stateDir);
    const kept = await allow(running, KEPT);
    const removed = await allow(running, REMOVED);
    // "Remove" in the trusted UI's sites list.
    assert.equal((await post(running, '/ui/revoke', { origin: REMOVED })).status, 200);
    assert.deepEqual((await state(running)).sites, [KEPT]);
    await stop();
    assert.equal((await stat(join(stateDir, 'origin-tokens.json'))).mode & 0o777, 0o600);

    running = await start(stateDir);
    assert.deepEqual((await state(running)).sites, [KEPT]);
    const back = await hello(running, KEPT, kept);
    assert.equal(back.answer, 'welcome');
    back.page.close();
    assert.deepEqual(
      (await state(running)).prompts.filter((p) => p.kind === 'site'),
      [],
      'the person was not asked again',
    );
    assert.equal(running.bridge.verifyToken(KEPT, kept), true, 'the app host takes the kept token too');

    const gone = await hello(running, REMOVED, removed);
    assert.equal(gone.answer, 'consent-needed');
    gone.page.send({ t: 'consent' });
    const prompt = await sitePrompt(running, REMOVED);
    assert.equal((await post(running, '/ui/answer', { id: prompt.id, value: true })).status, 200);
    const { token } = await gone.page.next('token');
    assert.notEqual(token, removed, 'a fresh token, not the removed one');
    gone.page.close();
    assert.equal(running.bridge.verifyToken(REMOVED, removed), false);
  });

  it('forgets tokens at restart with keepTokens: false', async () => {
    const stateDir = join(dir, 'forgotten');
    let running = await start(stateDir, { keepTokens: false });
    const token = await allow(running, KEPT);
    await stop();
    running = await start(stateDir, { keepTokens: false });
    const back = await hello(running, KEPT, token);
    assert.equal(back.answer, 'consent-needed');
    back.page.close();
  });

  it('keeps a token working when its file cannot be written, without an unhandled rejection', async () => {
    const tokens = new OriginTokens(join(dir, 'no-such-dir', 'origin-tokens.json'));
    const token = tokens.issue(KEPT);
    // The write fails while nobody waits for it: that must not surface as an unhandled rejection.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(unhandled, []);
    assert.equal(tokens.verify(KEPT, token), true);
    await assert.rejects(tokens.saved(), StateDirError);
  });
});
