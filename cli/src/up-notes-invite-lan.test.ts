/**
 * Pairing two laptops from the notes page, no console (README quick start): two real `offgrid up` agents in
 * network namespaces, each with its notes page in headless Chromium and its trusted UI answered as a person would
 * (UiPilot). B's page clicks "Join a device", A's page clicks "Invite a device"; in the trusted UIs B allows being
 * discoverable, A picks B, B shows the code, A types it, both allow the notes app. Each page then names the other
 * device by its agent's name (not "nearby device 1"), and a note typed in A's page appears in B's page.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lanUnavailableReason, pollUntil } from '@offgrid/transport-lp2p/testing';
import { type NotesPage, startNotesPage } from './testing/notes-page.ts';
import { twoHostScene } from './testing/up-devices.ts';

const skip = lanUnavailableReason();
const INVITE = 'offgrid-invite >>> ';

describe('invite and join from the notes page, in Chromium', { skip }, () => {
  const scene = twoHostScene('notes-invite');
  after(() => scene.close());

  it('B joins, A invites through the trusted UIs; a note typed in A shows in B', async () => {
    const [hostA, hostB] = await scene.start();
    let codeFromB: (code: string) => void = () => {};
    const code = new Promise<string>((resolve) => {
      codeFromB = resolve;
    });
    const [a, b] = await Promise.all([
      startNotesPage(hostA, 'Ada', join(scene.dir, 'Ada'), scene.stops, {
        peerName: () => 'Grace',
        psk: () => code,
      }),
      startNotesPage(hostB, 'Grace', join(scene.dir, 'Grace'), scene.stops, { onPsk: codeFromB }),
    ]);

    // B: Join (one button: the trusted UI asks and shows the code).
    await b.browser.click(b.page, `${INVITE}button[part="tab"]:nth-of-type(2)`);
    await b.browser.click(b.page, `${INVITE}button[part="join"]`);
    const pairedText = (device: NotesPage) =>
      device.browser.eval(
        device.page,
        `document.querySelector('offgrid-invite').shadowRoot.querySelector('[part="paired"]')?.textContent ?? ''`,
      ) as Promise<string>;
    // A: Invite. The chooser lists the devices found when it opened: until B is found, A's pilot cancels it and
    // the person tries again.
    for (let attempt = 1; ; attempt++) {
      await a.browser.click(a.page, `${INVITE}button[part="start"]`);
      // Read in one go: read apart, "not paired yet" then "not busy any more" would call a success a failure,
      // and the next click would start a second invite.
      const outcome = await pollUntil(
        () =>
          a.browser.eval(
            a.page,
            `(() => {
              const root = document.querySelector('offgrid-invite').shadowRoot;
              if (root.querySelector('[part="paired"]')?.textContent) return 'paired';
              return root.querySelector('button[part="start"]')?.disabled === false ? 'failed' : 'busy';
            })()`,
          ),
        (state) => state !== 'busy',
        'A’s invite ended',
        120_000,
      );
      if (outcome === 'paired') break;
      assert.ok(attempt < 10, `A could not invite B: ${a.pilot.errors.join('; ')}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // Each page names the other device as its agent announced itself (agent-info's display name, kept in the
    // trust store at pairing), never a made-up "nearby device 1".
    assert.equal(await pairedText(a), 'Paired with Grace.');
    await pollUntil(() => pairedText(b), Boolean, 'B’s page says paired', 60_000);
    assert.equal(await pairedText(b), 'Paired with Ada.');
    // As a person saw it: A picked B, typed the code and allowed the app; B became discoverable, showed the code
    // and allowed the app.
    for (const kind of ['choose-peer', 'enter-psk', 'grant'])
      assert.ok(a.pilot.seen.includes(kind), `A's trusted UI asked ${kind}: ${a.pilot.seen.join(', ')}`);
    for (const kind of ['advertise', 'show-psk', 'grant'])
      assert.ok(b.pilot.seen.includes(kind), `B's trusted UI asked ${kind}: ${b.pilot.seen.join(', ')}`);
    // (A's only allowed misses: a chooser that opened before B was found, cancelled above.)
    const missed = a.pilot.errors.filter((error) => !error.includes('no device named'));
    assert.deepEqual([missed, b.pilot.errors], [[], []]);

    // A types a note; it shows in B's page.
    await a.browser.click(a.page, '.new-note');
    await a.browser.command('wait', { tab: a.page, selector: '.editor .cm-content' });
    await a.browser.command('type', {
      tab: a.page,
      selector: '.editor .cm-content',
      text: 'Paired by buttons',
    });
    await pollUntil(
      async () => String(await b.browser.command('body', { tab: b.page })),
      (body) => body.includes('Paired by buttons'),
      'the note reached B’s page',
      60_000,
    );
  });
});
