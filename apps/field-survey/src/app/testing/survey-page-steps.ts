/** Steps the page tests share: importing a form through the page, reading what is stored, screenshots. Node only. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { SurveyGlobal } from './survey-global.ts';

/** Imports an XLSForm through the page's "Add a form" file input; resolves once the form is listed. */
export async function importForm(page: Page, path: string): Promise<void> {
  await page.click('details.import summary');
  const input = (await page.waitForSelector('#import-file')) as ElementHandle<HTMLInputElement> | null;
  await input?.uploadFile(path);
  await page.waitForSelector('a.form-link', { timeout: 30_000 });
}

export interface StoredSubmission {
  readonly id: string;
  readonly status: string;
  /** The values, repeat instances without their keys. */
  readonly values: Record<string, unknown>;
  readonly conflicts: readonly unknown[];
  /** Who and when of every field edit. */
  readonly edits: readonly { by: unknown; at: number }[];
  /** The bytes of the photo named by `dwelling_photo`, if any. */
  readonly photo?: number[];
}

/** The first submission of the form, read from the page's model (`globalThis.offgridSurvey`). */
export async function storedSubmission(page: Page, formId: string): Promise<StoredSubmission> {
  return page.evaluate(async (formId) => {
    const survey = (globalThis as unknown as SurveyGlobal).offgridSurvey;
    const open = await survey.session.openForm(formId);
    const id = open.index.rows()[0]?.id ?? '';
    const view = open.submissions.view(id);
    const strip = (values: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          Array.isArray(v) && typeof v[0] === 'object'
            ? v.map((i: { values: Record<string, unknown> }) => strip(i.values))
            : v,
        ]),
      );
    const edits = [...view.fields.values()].flatMap((s) => s.history.map((e) => ({ by: e.by, at: e.at })));
    const name = view.values.dwelling_photo;
    const photo = typeof name === 'string' ? await open.photos.loadPhoto(name) : undefined;
    return {
      id,
      status: view.status,
      values: strip(view.values),
      conflicts: view.conflicts,
      edits,
      ...(photo ? { photo: [...photo] } : {}),
    };
  }, formId);
}

/** Saves a screenshot to docs/images when `OFFGRID_SCREENSHOTS` is set (`npm run screenshots` in the app). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.OFFGRID_SCREENSHOTS) return;
  const dir = join(import.meta.dirname, '../../../../../docs/images');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name), fullPage: true });
}
