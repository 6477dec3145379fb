import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import { sampleForm } from '../testing/samples.ts';
import { FormVersionError, formVersions, publishForm, readForm } from './form-doc.ts';
import { submissionDocName, submissionDocNames } from './submission-docs.ts';

it('publishes versions once, refuses a changed form under the same version, and syncs', async () => {
  const form = await sampleForm('water-point');
  const doc = new Y.Doc();
  assert.equal(publishForm(doc, form), true);
  assert.equal(publishForm(doc, form), false, 'the same version again is a no-op');
  assert.throws(() => publishForm(doc, { ...form, title: 'changed' }), FormVersionError);
  publishForm(doc, { ...form, version: '2026120201', title: 'v2' });
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  assert.equal(readForm(copy)?.title, 'v2');
  assert.deepEqual(readForm(copy, form.version), form);
  assert.equal(formVersions(copy).length, 2);
});

it('spreads submissions over 16 shard documents under survey/<formId>/', () => {
  const names = submissionDocNames('household_needs');
  assert.equal(names.length, 16);
  const used = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const name = submissionDocName('household_needs', crypto.randomUUID());
    assert.ok(names.includes(name));
    used.add(name);
  }
  assert.equal(used.size, 16);
  assert.equal(submissionDocName('f', 'same'), submissionDocName('f', 'same'));
});
