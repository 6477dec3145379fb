import { type Form, SubmissionStore, submissionDocName } from '@offgrid/field-survey';
import { householdValues } from '@offgrid/field-survey/testing';
import type * as Y from 'yjs';

/**
 * Records `count` household-needs submissions, as devices would (one edit record each), into the form's shard
 * documents (`shards`: document name → Y.Doc). Returns the bytes of their values as JSON, the ratios' reference.
 */
export function fillHouseholdSubmissions(
  form: Form,
  shards: ReadonlyMap<string, Y.Doc>,
  count: number,
): number {
  const stores = new Map(
    [...shards].map(([n, doc]) => [
      n,
      new SubmissionStore(doc, { author: { device: 'bench', person: 'Bench' } }),
    ]),
  );
  let json = 0;
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`;
    const values = householdValues(i);
    json += new TextEncoder().encode(JSON.stringify(values)).byteLength;
    stores
      .get(submissionDocName(form.id, id))
      ?.create({ formId: form.id, formVersion: form.version }, values, id);
  }
  return json;
}
