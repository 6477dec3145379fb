/** One submission as the coordinator's detail panel shows it: each answer with its label, in form order. Portable. */
import { valueToText } from '../form/field-values.ts';
import type { FieldValue, Form, RepeatInstance } from '../form/form-model.ts';
import { flattenForm, pickLabel } from '../form/form-model.ts';
import type { SubmissionView } from '../submission/submission-view.ts';
import { type OpenConflict, openConflicts } from './submission-query.ts';

export interface SubmissionDetail {
  readonly id: string;
  readonly formVersion: string;
  readonly status: SubmissionView['status'];
  readonly reviewStale: boolean;
  readonly createdAt: number;
  readonly createdBy: SubmissionView['meta']['createdBy'];
  readonly lastEdit?: SubmissionView['lastEdit'];
  /** Answers outside repeats, then each repeat's instance count. */
  readonly answers: readonly { readonly name: string; readonly label: string; readonly value: string }[];
  readonly conflicts: OpenConflict['fields'];
}

export function submissionDetail(view: SubmissionView, form: Form): SubmissionDetail {
  const answers: { name: string; label: string; value: string }[] = [];
  for (const { node, repeats } of flattenForm(form)) {
    if (repeats.length > 0) continue;
    const label = pickLabel(node.label, form.defaultLanguage) || node.name;
    const value = view.values[node.name];
    if (value === undefined || value === null) continue;
    if (node.kind === 'repeat') {
      const count = (value as readonly RepeatInstance[]).length;
      answers.push({ name: node.name, label, value: `${count} ${count === 1 ? 'entry' : 'entries'}` });
    } else if (node.type !== 'note')
      answers.push({ name: node.name, label, value: valueToText(value as FieldValue) });
  }
  return {
    id: view.id,
    formVersion: view.meta.formVersion,
    status: view.status,
    reviewStale: view.reviewStale,
    createdAt: view.meta.createdAt,
    createdBy: view.meta.createdBy,
    ...(view.lastEdit && { lastEdit: view.lastEdit }),
    answers,
    conflicts: openConflicts([view], 0, 1).rows[0]?.fields ?? [],
  };
}
