/**
 * The team's forms, and adding one: a coordinator or team lead imports an XLSForm (`.xlsx`) on the device. The
 * xlsx reader (`exceljs`, ~1 MB) is loaded only when a file is chosen, as a chunk of its own.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { FormError, SurveyError } from '../../errors.ts';
import type { SurveySession } from '../survey-session.ts';
import { formatTime } from './format.ts';

export interface FormsHost {
  readonly session: SurveySession;
  importProblems: readonly string[];
  announce(text: string): void;
  update(): void;
}

export function formsView(host: FormsHost): TemplateResult {
  const forms = host.session.forms();
  return html`<section class="forms" aria-labelledby="forms-title">
    <h2 id="forms-title">Forms</h2>
    ${
      forms.length === 0
        ? html`<p>No form on this device yet. Forms arrive from teammates and the server when you are connected, or
          import one below.</p>`
        : html`<ul class="form-list">
          ${forms.map(
            (f) => html`<li><a class="form-link" href=${`#/f/${encodeURIComponent(f.id)}`} data-form=${f.id}>
              <strong>${f.title}</strong> <span class="row-meta">version ${f.version}, added ${formatTime(f.addedAt)}</span></a></li>`,
          )}
        </ul>`
    }
    <details class="import">
      <summary>Add a form (coordinators and team leads)</summary>
      <label for="import-file">XLSForm file (.xlsx)</label>
      <input id="import-file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        @change=${(e: Event) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file) void importFile(host, file);
        }} />
      ${
        host.importProblems.length > 0
          ? html`<ul class="problems" role="alert">${host.importProblems.map((p) => html`<li>${p}</li>`)}</ul>`
          : nothing
      }
    </details>
  </section>`;
}

async function importFile(host: FormsHost, file: File): Promise<void> {
  host.importProblems = [];
  host.announce(`Reading ${file.name}…`);
  try {
    const { readXlsForm } = await import('../../xlsform/read-xlsx.ts');
    const form = await readXlsForm(new Uint8Array(await file.arrayBuffer()));
    const { published } = await host.session.importForm(form);
    host.announce(
      published
        ? `Form "${form.title}" version ${form.version} added`
        : `Form "${form.title}" is already here`,
    );
  } catch (error) {
    if (error instanceof FormError)
      host.importProblems = error.problems.map(
        (p) =>
          `${p.sheet}${p.row === undefined ? '' : ` row ${p.row}`}${p.column ? ` (${p.column})` : ''}: ${p.reason}`,
      );
    else if (error instanceof SurveyError) host.importProblems = [error.message];
    else throw error;
    host.announce('The form was not added');
  }
  host.update();
}
