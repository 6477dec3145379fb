/**
 * What every export reads: a submission as the form defines it (calculations filled in, non-relevant answers
 * left out, as ODK exports them) with its metadata. Portable.
 */
import type { Clock } from '../expression/functions.ts';
import { evaluateSubmission } from '../form/evaluate-submission.ts';
import type { Form, SubmissionValues } from '../form/form-model.ts';
import type { SubmissionView } from '../submission/submission-view.ts';

export interface ExportRecord {
  /** `uuid:<submission id>`, ODK's instance id form: the KEY of the row, the parent of its repeat rows. */
  readonly key: string;
  readonly formVersion: string;
  readonly status: string;
  readonly submitterName: string;
  readonly deviceId: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly lastEditAt: string;
  /** Fields still in conflict (their shown value is the newest; the others wait in the review queue). */
  readonly conflicts: number;
  readonly values: SubmissionValues;
}

/**
 * Export records of submission views, each evaluated against the version it was made with when `versionOf`
 * knows it (calculations and relevance as that version defined them), else against `form`.
 */
export function exportRecords(
  form: Form,
  views: Iterable<SubmissionView>,
  clock?: Clock,
  versionOf: (version: string) => Form | undefined = () => undefined,
): ExportRecord[] {
  const records: ExportRecord[] = [];
  for (const view of views) {
    const { values } = evaluateSubmission(versionOf(view.meta.formVersion) ?? form, view.values, { clock });
    records.push({
      key: `uuid:${view.id}`,
      formVersion: view.meta.formVersion,
      status: view.status,
      submitterName: view.meta.createdBy.person,
      deviceId: view.meta.createdBy.device,
      createdAt: new Date(view.meta.createdAt).toISOString(),
      lastEditAt: new Date(view.lastEdit?.at ?? view.meta.createdAt).toISOString(),
      conflicts: view.conflicts.length,
      values,
    });
  }
  return records;
}
