/**
 * Errors of `@offgrid/field-survey`. Each has a stable `code` for programs and a `message` for people; the
 * form errors also say where in the XLSForm the fault is (sheet, row, column) so a coordinator can fix it.
 */
export class SurveyError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where in an XLSForm something is: sheet name, 1-based row as Excel shows it, column header. */
export interface SheetLocation {
  readonly sheet: string;
  readonly row?: number;
  readonly column?: string;
}

/** One fault found in a form; a form import collects every fault instead of stopping at the first. */
export interface FormProblem extends SheetLocation {
  readonly reason: string;
}

/** Why an expression was refused. */
export type ExpressionErrorCode =
  | 'expression-too-long'
  | 'expression-too-deep'
  | 'expression-syntax'
  | 'expression-unknown-function'
  | 'expression-arity'
  | 'expression-unknown-field'
  | 'expression-invalid-regex';

/** An expression (relevant, constraint, calculation…) that cannot be parsed or refers to nothing. */
export class ExpressionError extends SurveyError {
  /** Offset in the expression text where the fault was found, when known. */
  readonly position: number | undefined;

  constructor(code: ExpressionErrorCode, message: string, position?: number) {
    super(code, message);
    this.position = position;
  }
}

/**
 * A form that cannot be used: the XLSForm is malformed or uses what is not supported. `problems` lists every
 * fault with its sheet, row and column. `code`: `form-invalid`, or `form-unreadable` when the file is not an
 * `.xlsx` workbook at all, or `form-too-large` when it is over the limits.
 */
export class FormError extends SurveyError {
  readonly problems: readonly FormProblem[];

  constructor(
    problems: readonly FormProblem[],
    code: 'form-invalid' | 'form-unreadable' | 'form-too-large' = 'form-invalid',
  ) {
    const first = problems[0];
    const where = first ? formatLocation(first) : '';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(code, `${where}${first?.reason ?? 'invalid form'}${more}`);
    this.problems = problems;
  }
}

/** A submission operation that cannot be done: unknown submission, field or repeat instance, bad status. */
export class SubmissionError extends SurveyError {}

/** `survey row 7, column relevant: ` — the prefix of a problem's message. */
export function formatLocation(location: SheetLocation): string {
  const row = location.row !== undefined ? ` row ${location.row}` : '';
  const column = location.column !== undefined ? `, column ${location.column}` : '';
  return `${location.sheet}${row}${column}: `;
}
