/**
 * Durability of the field worker's page in real headless Chromium: a submission (with its photo) that the page's
 * workspace reports saved — `unsaved` 0 for its documents, which is what the page's badge is built from — is
 * there after Chromium is killed with SIGKILL right then and started again on the same profile. The page has no
 * agent here (served without `offgrid up`), so what comes back can only come from the browser's own storage.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { type LaunchedChromium, launchChromium } from '@offgrid/transport-lp2p/testing/chromium';
import type { Page } from 'puppeteer-core';
import { householdValues, sampleForm } from '../testing/index.ts';
import { type SurveyServer, serveSurvey } from './testing/survey-browser.ts';
import type { SurveyGlobal } from './testing/survey-global.ts';

const RUNS = 5;
let server: SurveyServer;
let profile: string;

before(async () => {
  server = await serveSurvey();
  profile = await mkdtemp(join(tmpdir(), 'offgrid-survey-kill-'));
});
after(async () => {
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Chromium on the one profile every run relaunches on, the survey page open and its session up. */
async function launch(): Promise<{ chromium: LaunchedChromium; page: Page }> {
  const chromium = await launchChromium({ profile });
  const page = await chromium.browser.newPage();
  await page.goto(`${server.url}?person=Awa&device=tablet-1`);
  await page.waitForFunction(() => 'offgridSurvey' in globalThis);
  return { chromium, page };
}

/** Ids and photo sizes of every submission the page holds, once its documents are loaded from the profile. */
function held(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const survey = (globalThis as unknown as SurveyGlobal).offgridSurvey;
    const open = await survey.session.openForm('household_needs');
    const out: Record<string, number> = {};
    for (const id of open.submissions.ids()) {
      const name = open.submissions.view(id).values.dwelling_photo as string;
      out[id] = (await open.photos.loadPhoto(name))?.length ?? -1;
    }
    return out;
  });
}

it(`a submission the page reported saved survives SIGKILL of Chromium right after (${RUNS} runs)`, async () => {
  const form = await sampleForm('household-needs');
  const expected: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    const { chromium, page } = await launch();
    try {
      assert.deepEqual(await held(page), expected, `run ${run}: what was saved before is there`);
      const { id, size } = await page.evaluate(
        async (form, values, run) => {
          const survey = (globalThis as unknown as SurveyGlobal).offgridSurvey;
          if (run === 0) await survey.session.importForm(form);
          const open = await survey.session.openForm(form.id);
          const bytes = new Uint8Array(5000 + run).map((_, i) => (i * 31 + run) & 0xff);
          const photo = await open.photos.savePhoto(bytes, 'image/jpeg');
          const id = open.submissions.create(form.version, { ...values, dwelling_photo: photo });
          // "Saved": the workspace says nothing of these documents waits for local storage any more.
          const saved = () =>
            survey.workspace
              .status()
              .documents.filter((d) => d.name.startsWith(`survey/${form.id}/`))
              .every((d) => d.loaded && d.unsaved === 0);
          while (!saved()) await new Promise((resolve) => setTimeout(resolve, 1));
          return { id, size: bytes.length };
        },
        form,
        householdValues(run) as Record<string, unknown>,
        run,
      );
      expected[id] = size;
    } finally {
      await chromium.kill();
    }
  }
  const { chromium, page } = await launch();
  try {
    assert.deepEqual(await held(page), expected);
  } finally {
    await chromium.close();
  }
});
