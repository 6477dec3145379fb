/**
 * The coordinator page's table over 10 000 submissions, through `offgrid serve`'s HTTP endpoint (in process, on
 * loopback), the submissions stored in its SQLite file beforehand as devices would have left them:
 * - `coordinator.page.10k.first`: seconds for the first page of the table (the server opens the form's 17
 *   documents live and builds every submission's view and summary);
 * - `coordinator.page.10k`: seconds for a later page, with a filter and free text (the views are cached). Median
 *   of 20.
 */
import { formDocName, publishForm, submissionDocNames } from '@offgrid/field-survey';
import { sampleForm } from '@offgrid/field-survey/testing';
import { SqliteStore, startServer } from '@offgrid/server';
import { serveFiles } from '@offgrid/server/testing';
import * as Y from 'yjs';
import { percentile, type Report } from '../bench-suite.ts';
import { fillHouseholdSubmissions } from '../survey-submissions.ts';

export const name = 'coordinator';

const SUBMISSIONS = 10_000;

export async function run(report: Report): Promise<void> {
  const form = await sampleForm('household-needs');
  const files = serveFiles([{ token: 'coord', access: 'read', prefixes: ['survey/'] }]);
  const store = new SqliteStore(files.data);
  const formDoc = new Y.Doc();
  publishForm(formDoc, form);
  await store.append(formDocName(form.id), Y.encodeStateAsUpdate(formDoc));
  const shards = new Map(submissionDocNames(form.id).map((n) => [n, new Y.Doc()]));
  fillHouseholdSubmissions(form, shards, SUBMISSIONS);
  for (const [n, doc] of shards) await store.append(n, Y.encodeStateAsUpdate(doc));
  store.close();
  const server = await startServer({
    port: 0,
    dataPath: files.data,
    tokensPath: files.tokens,
    log: () => {},
  });
  try {
    const base = `http://127.0.0.1:${server.port}/api/forms/${form.id}/submissions`;
    const get = async (query: string) => {
      const started = performance.now();
      const response = await fetch(`${base}?${query}`, { headers: { Authorization: 'Bearer coord' } });
      const body = (await response.json()) as { total: number };
      const seconds = (performance.now() - started) / 1000;
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      return { seconds, total: body.total };
    };
    const first = await get('limit=50');
    if (first.total !== SUBMISSIONS) throw new Error(`${first.total} submissions listed`);
    report({ metric: 'coordinator.page.10k.first', value: first.seconds, unit: 's' });
    const times: number[] = [];
    for (let i = 0; i < 20; i++)
      times.push((await get(`status=draft&q=respondent%20${i}&offset=${i * 10}&limit=50`)).seconds);
    report({ metric: 'coordinator.page.10k', value: percentile(times, 50), unit: 's' });
  } finally {
    await server.close();
    files.remove();
  }
}
