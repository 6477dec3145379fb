/**
 * Field survey (issue 14), in one process, no network:
 * - `survey.export.10k`: seconds to export 10 000 household submissions (1 to 4 household members each, in a
 *   repeat group) to CSV (main and repeat files) and GeoJSON, straight from their 16 shard documents: reading the
 *   submissions (merge state, conflicts), evaluating them against the form (calculations, relevance), writing.
 *   Median of 3.
 * - `survey.open.10k`: seconds to load those 16 documents from their stored updates and list the review queue
 *   (what a device does when the app opens). Median of 3.
 * - `survey.store.bytes.ratio`: bytes of the 16 documents' compacted state / bytes of the same submissions as
 *   JSON (values only). A floor for the wire ratio of `survey.sync.bytes.ratio` (goal ≤ 1.5), which needs the
 *   sync layer to measure.
 * - `survey.open.10k.doc-per-submission`, `survey.store.bytes.ratio.doc-per-submission`: the same with one
 *   document per submission, the layout not chosen (docs/field-survey.md).
 */
import {
  exportCsv,
  exportGeoJson,
  publishForm,
  recordsFromDocuments,
  SubmissionStore,
  submissionDocNames,
} from '@offgrid/field-survey';
import { householdValues, sampleForm } from '@offgrid/field-survey/testing';
import * as Y from 'yjs';
import { percentile, type Report } from '../bench-suite.ts';
import { fillHouseholdSubmissions } from '../survey-submissions.ts';

export const name = 'survey';

const SUBMISSIONS = 10_000;
const RUNS = 3;

export async function run(report: Report): Promise<void> {
  const form = await sampleForm('household-needs');
  const formDoc = new Y.Doc();
  publishForm(formDoc, form);
  const shards = new Map(submissionDocNames(form.id).map((n) => [n, new Y.Doc()]));
  const json = fillHouseholdSubmissions(form, shards, SUBMISSIONS);
  const states = [...shards.values()].map((doc) => Y.encodeStateAsUpdate(doc));
  const stored = states.reduce((n, s) => n + s.byteLength, 0);

  const exportTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const docs = states.map((s) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, s);
      return doc;
    });
    const started = performance.now();
    const { records } = recordsFromDocuments(form.id, formDoc, docs);
    const files = exportCsv(form, records);
    const geo = JSON.stringify(exportGeoJson(form, records));
    exportTimes.push((performance.now() - started) / 1000);
    if (files[0]?.rows !== SUBMISSIONS || geo.length === 0)
      throw new Error(`exported ${files[0]?.rows} rows`);
  }
  report({ metric: 'survey.export.10k', value: percentile(exportTimes, 50), unit: 's' });

  const openTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    let queued = 0;
    for (const s of states) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, s);
      queued += new SubmissionStore(doc, { author: { device: 'bench', person: 'Bench' } }).reviewQueue()
        .length;
    }
    openTimes.push((performance.now() - started) / 1000);
    if (queued !== 0) throw new Error(`${queued} submissions in the review queue`);
  }
  report({ metric: 'survey.open.10k', value: percentile(openTimes, 50), unit: 's' });
  report({ metric: 'survey.store.bytes.ratio', value: stored / json, unit: 'ratio' });

  // The layout not chosen, for comparison: one document per submission.
  const single = Array.from({ length: SUBMISSIONS }, (_, i) => {
    const doc = new Y.Doc();
    const id = `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`;
    new SubmissionStore(doc, { author: { device: 'bench', person: 'Bench' } }).create(
      { formId: form.id, formVersion: form.version },
      householdValues(i),
      id,
    );
    return Y.encodeStateAsUpdate(doc);
  });
  const singleTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    for (const s of single) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, s);
      new SubmissionStore(doc, { author: { device: 'bench', person: 'Bench' } }).reviewQueue();
    }
    singleTimes.push((performance.now() - started) / 1000);
  }
  report({ metric: 'survey.open.10k.doc-per-submission', value: percentile(singleTimes, 50), unit: 's' });
  const singleBytes = single.reduce((n, s) => n + s.byteLength, 0);
  report({ metric: 'survey.store.bytes.ratio.doc-per-submission', value: singleBytes / json, unit: 'ratio' });
}
