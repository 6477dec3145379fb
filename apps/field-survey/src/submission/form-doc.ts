/**
 * A form's document (`survey/<formId>/form`): every published version of the form, so devices sync forms the
 * way they sync submissions, and a submission made with an older version can still be read and exported.
 * `versions` maps a version to the form (plain JSON); `current` names the newest published.
 */
import type * as Y from 'yjs';
import { SurveyError } from '../errors.ts';
import type { Form } from '../form/form-model.ts';

/** A version is published once: the same version with other content is refused (`code` `form-version-exists`). */
export class FormVersionError extends SurveyError {
  constructor(formId: string, version: string) {
    super(
      'form-version-exists',
      `form ${formId} version ${version} exists with other content: raise the version`,
    );
  }
}

/** Publishes `form` in its document; returns false when that exact version was already there. */
export function publishForm(doc: Y.Doc, form: Form): boolean {
  const versions = doc.getMap<Form>('versions');
  const existing = versions.get(form.version);
  if (existing) {
    if (JSON.stringify(existing) !== JSON.stringify(form)) throw new FormVersionError(form.id, form.version);
    return false;
  }
  doc.transact(() => {
    versions.set(form.version, form);
    doc.getMap<string>('meta').set('current', form.version);
  });
  return true;
}

/** The form at `version`, or the current one. */
export function readForm(doc: Y.Doc, version?: string): Form | undefined {
  const chosen = version ?? doc.getMap<string>('meta').get('current');
  return chosen === undefined ? undefined : doc.getMap<Form>('versions').get(chosen);
}

/** Every published version. */
export function formVersions(doc: Y.Doc): Form[] {
  return [...doc.getMap<Form>('versions').values()];
}
