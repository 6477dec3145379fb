/**
 * The pages' portable parts over a real framework workspace (memory store): importing a form publishes it and
 * lists it in the catalogue; the submission index lists rows from identities alone, newest first, and follows
 * changes; photos are named by their hash, stored once, and read back; hostile catalogue entries are skipped.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { MemoryBlobStore, MemoryDocumentStore, openWorkspace } from '@offgrid/framework';
import { readForm } from '../submission/form-doc.ts';
import { mediaDocName, writePhoto } from '../submission/media-docs.ts';
import { formDocName } from '../submission/submission-docs.ts';
import { householdValues, sampleForm } from '../testing/index.ts';
import { CATALOGUE_DOC, listForms } from './form-catalogue.ts';
import { SurveySession } from './survey-session.ts';

async function session(now: () => number) {
  const workspace = openWorkspace({ appId: 'field-survey', store: new MemoryDocumentStore() });
  const blobs = new MemoryBlobStore();
  const s = new SurveySession(workspace, { author: { device: 'tablet-1', person: 'Awa' }, now, blobs });
  await s.ready();
  return { workspace, session: s, blobs };
}

it('imports a form into its document and the catalogue; lists submissions newest first from their identities', async () => {
  let now = Date.parse('2026-11-20T09:00:00Z');
  const { workspace, session: s } = await session(() => now);
  const form = await sampleForm('household-needs');
  assert.deepEqual(await s.importForm(form), { published: true });
  assert.deepEqual(await s.importForm(form), { published: false });
  assert.deepEqual(s.forms(), [{ id: form.id, title: form.title, version: form.version, addedAt: now }]);
  assert.deepEqual(readForm(workspace.doc(formDocName(form.id))), form);

  const open = await s.openForm(form.id);
  assert.equal(await s.openForm(form.id), open, 'opened once');
  const ids: string[] = [];
  for (let n = 0; n < 40; n++) {
    now += 60_000;
    ids.push(open.submissions.create(form.version, householdValues(n)));
  }
  const rows = open.index.rows();
  assert.deepEqual(
    rows.map((r) => r.id),
    ids.toReversed(),
  );
  assert.deepEqual(rows[0]?.createdBy, { device: 'tablet-1', person: 'Awa' });
  now += 60_000;
  const late = open.submissions.create(form.version);
  assert.equal(open.index.rows()[0]?.id, late, 'the index follows changes');
  const changed = new Promise((resolve) => open.addEventListener('change', resolve, { once: true }));
  open.submissions.set(late, 'respondent_name', 'Moussa');
  await changed;
  await workspace.close();
});

it('keeps a photo once as a blob under its hash, reads it back, and still reads a media-document photo', async () => {
  const { workspace, session: s, blobs } = await session(Date.now);
  const open = await s.openForm('household_needs');
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const name = await open.photos.savePhoto(bytes, 'image/jpeg');
  const hash = createHash('sha256').update(bytes).digest('hex');
  assert.equal(name, `${hash}.png`, 'the extension comes from the bytes, not the given type');
  assert.equal(await open.photos.savePhoto(bytes, 'image/png'), name);
  assert.deepEqual(await blobs.list(), [hash], 'stored once, in the blob store');
  assert.deepEqual(await workspace.list(), [], 'no media document written');
  assert.deepEqual(await open.photos.loadPhoto(name), bytes);
  assert.equal(await open.photos.loadPhoto(`${'0'.repeat(64)}.jpg`), undefined);
  const older = new Uint8Array([9, 8, 7]);
  const legacy = `${createHash('sha256').update(older).digest('hex').slice(0, 32)}.jpg`;
  writePhoto(workspace.doc(mediaDocName('household_needs', legacy)), older);
  assert.deepEqual(await open.photos.loadPhoto(legacy), older, 'an older media-document photo');
  assert.equal(await open.photos.loadPhoto('missing.jpg'), undefined);
  await workspace.close();
});

it('skips catalogue entries that are not well-formed', async () => {
  const { workspace, session: s } = await session(Date.now);
  const forms = workspace.doc(CATALOGUE_DOC).getMap('forms');
  forms.set('bad', 42);
  forms.set('worse', { title: 7 });
  workspace.doc('survey/household_needs/submissions/0').getMap('submissions').set('junk', 'not a map');
  const open = await s.openForm('household_needs');
  assert.deepEqual(open.index.rows(), []);
  forms.set('ok', { id: 'ok', title: 'Fine', version: '1', addedAt: 1 });
  assert.deepEqual(
    listForms(workspace.doc(CATALOGUE_DOC)).map((f) => f.id),
    ['ok'],
  );
  assert.equal(s.forms().length, 1);
  await workspace.close();
});
