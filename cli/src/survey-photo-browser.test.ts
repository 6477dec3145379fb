/**
 * The field survey page in real headless Chromium against its agent's app server and replica (in this process, on
 * loopback, as `offgrid up` wires them; the origin's token put in the page's localStorage as the trusted UI's yes
 * would): a photo saved through the page's photo store (what the camera input calls) is in the page's IndexedDB
 * and reaches the replica's blob store with the same hash, as does the submission naming it; a photo only the
 * agent holds is read by the page through the agent; a submission on screen whose photo reaches the agent only
 * later shows it by itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { householdValues, sampleForm } from '@offgrid/field-survey/testing';
import { openReplica, type PageSocket, servePageBlob, type WebApp } from '@offgrid/framework/node';
import { AppHost, OriginTokens } from '@offgrid/transport-lp2p/node';
import { chromiumUnavailableReason, launchChromium } from '@offgrid/transport-lp2p/testing';

const skip = chromiumUnavailableReason();

async function until(ready: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('survey photos from a Chromium page to its agent', { skip }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('a photo saved in the page reaches the replica’s blob store, hash equal; the page reads one only the agent has', async () => {
    const { fieldSurveyApp } = (await import('@offgrid/field-survey/node')) as { fieldSurveyApp: WebApp };
    const stateDir = await mkdtemp(join(tmpdir(), 'survey-photo-browser-'));
    cleanup.push(() => rm(stateDir, { recursive: true, force: true }));
    const replica = await openReplica({
      appId: fieldSurveyApp.id,
      stateDir,
      peerId: 'agent-under-test',
      watchBlobReferences: fieldSurveyApp.watchBlobReferences?.bind(fieldSurveyApp),
    });
    cleanup.push(() => replica.close());
    const tokens = new OriginTokens();
    const host = await AppHost.start({
      apps: [{ id: fieldSurveyApp.id, title: fieldSurveyApp.title, files: await fieldSurveyApp.build() }],
      stateDir,
      bridgePort: 1,
      verifyToken: (origin, token) => tokens.verify(origin, token),
      onSyncSocket: (_id, socket) => replica.attachPage(socket as unknown as PageSocket),
      onApiRequest: (_id, request, response, path) =>
        void servePageBlob(replica.blobs, request, response, path),
    });
    cleanup.push(() => host.close());
    const origin = `http://127.0.0.1:${host.servers.get(fieldSurveyApp.id)?.port}`;
    const token = tokens.issue(origin);

    const chromium = await launchChromium();
    cleanup.push(() => chromium.close());
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.evaluateOnNewDocument((value: string) => {
      localStorage.setItem('offgrid-lp2p-token', value);
    }, token);
    await page.goto(`${origin}/field-survey/?person=Awa&device=tablet-1`);
    await page.waitForFunction(() => 'offgridSurvey' in globalThis);

    const photo = Array.from({ length: 700 * 1024 }, (_, i) => (i * 37 + (i >> 9)) % 256);
    photo.splice(0, 4, 0xff, 0xd8, 0xff, 0xe0);
    const hash = createHash('sha256').update(new Uint8Array(photo)).digest('hex');
    const name = await page.evaluate(async (bytes: number[]) => {
      // biome-ignore lint/suspicious/noExplicitAny: the page's test handle (testing/survey-global.ts)
      const survey = (globalThis as any).offgridSurvey;
      const open = await survey.session.openForm('household_needs');
      const fileName: string = await open.photos.savePhoto(new Uint8Array(bytes), 'image/jpeg');
      open.submissions.create('1', { dwelling_photo: fileName });
      return fileName;
    }, photo);
    assert.equal(name, `${hash}.jpg`);
    await until(() => replica.blobs.store.has(hash), 'the photo in the replica');
    const stored = await replica.blobs.store.get(hash);
    assert.equal(
      createHash('sha256')
        .update(stored as Uint8Array)
        .digest('hex'),
      hash,
      'hash equal',
    );
    const inPage = await page.evaluate(
      // biome-ignore lint/suspicious/noExplicitAny: the page's test handle
      async (h: string) => (await (globalThis as any).offgridSurvey.blobs.store.has(h)) as boolean,
      hash,
    );
    assert.equal(inPage, true, 'kept in the page’s IndexedDB');
    const named = async () =>
      [...replica.workspace.hub.documents.values()].some((d) =>
        [...d.doc.getMap('submissions').values()].some((s) => JSON.stringify(s).includes(name)),
      );
    await until(named, 'the submission naming it in the replica');

    // A photo that came to the agent from elsewhere (a nearby device, the server): the page reads it through it.
    const elsewhere = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 5, 6, 7, 8]);
    const otherHash = await replica.blobs.put(elsewhere);
    const read = await page.evaluate(async (fileName: string) => {
      // biome-ignore lint/suspicious/noExplicitAny: the page's test handle
      const open = await (globalThis as any).offgridSurvey.session.openForm('household_needs');
      const bytes: Uint8Array | undefined = await open.photos.loadPhoto(fileName);
      return bytes === undefined ? null : [...bytes];
    }, `${otherHash}.png`);
    assert.deepEqual(read, [...elsewhere]);

    // A teammate's submission whose photo has not reached this agent yet: open on screen, it shows the photo by
    // itself once the agent gets it (nothing else changes in the page meanwhile).
    const late = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 2000 }, (_, i) => i % 251)]);
    const lateName = `${createHash('sha256').update(late).digest('hex')}.jpg`;
    const form = await sampleForm('household-needs');
    const id = await page.evaluate(
      async (formJson: string, values: Record<string, unknown>) => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's test handle
        const survey = (globalThis as any).offgridSurvey;
        await survey.session.importForm(JSON.parse(formJson));
        const open = await survey.session.openForm('household_needs');
        const created: string = open.submissions.create(open.form().version, values);
        (globalThis as unknown as { location: { hash: string } }).location.hash =
          `#/f/household_needs/s/${created}`;
        return created;
      },
      JSON.stringify(form),
      { ...householdValues(7), dwelling_photo: lateName },
    );
    assert.ok(id);
    await page.waitForSelector('[data-path="dwelling_photo"] figcaption');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await page.$('[data-path="dwelling_photo"] img[src^="blob:"]'), null, 'not here yet');
    await replica.blobs.put(late);
    await page.waitForSelector('[data-path="dwelling_photo"] img[src^="blob:"]', { timeout: 10_000 });
    assert.deepEqual(errors, []);
  });
});
