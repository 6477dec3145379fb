/** What the form view's parts share while walking a form: the host page, the evaluated submission, and edits. */
import { SubmissionError } from '../../errors.ts';
import {
  type EvaluateOptions,
  evaluateSubmission,
  type ValidationIssue,
} from '../../form/evaluate-submission.ts';
import type { Form } from '../../form/form-model.ts';
import type { SubmissionScope } from '../../form/form-scope.ts';
import type { FieldPath } from '../../submission/edit-record.ts';
import type { SubmissionView } from '../../submission/submission-view.ts';
import type { OpenForm, SurveySession } from '../survey-session.ts';

export interface FillHost {
  readonly session: SurveySession;
  /** Texts typed that are not values of their field (by path), until corrected. */
  readonly fieldErrors: Map<string, string>;
  /** Submissions someone tried to mark complete: required answers are flagged from then on. */
  readonly showRequired: Set<string>;
  photoUrl(open: OpenForm, name: string): string | undefined;
  announce(text: string): void;
  update(): void;
}

export type Instances = NonNullable<FieldPath['instances']>;

export interface Walk {
  readonly host: FillHost;
  readonly open: OpenForm;
  readonly form: Form;
  readonly view: SubmissionView;
  readonly scope: SubmissionScope;
  readonly issues: ReadonlyMap<string, ValidationIssue>;
  readonly showRequired: boolean;
}

export function evaluate(session: SurveySession, form: Form, view: SubmissionView) {
  const options: EvaluateOptions = { clock: { now: () => new Date(session.now()) } };
  return evaluateSubmission(form, view.values, options);
}

/** Runs a model change; a refusal (a conflict arrived meanwhile, say) is told to the person, never thrown. */
export function change(host: FillHost, run: () => void, done?: string): void {
  try {
    run();
    if (done) host.announce(done);
  } catch (error) {
    if (!(error instanceof SubmissionError)) throw error;
    host.announce(error.message);
  }
  host.update();
}
