/** The exports on the device: the same files the server offers, built here and handed to the browser to save. */
import { html, type TemplateResult } from 'lit';
import { type ExportFormat, exportDocuments } from '../../export/export-documents.ts';
import type { OpenForm } from '../survey-session.ts';

export interface ExportHost {
  announce(text: string): void;
}

export function exportButtons(host: ExportHost, open: OpenForm): TemplateResult {
  const run = async (format: ExportFormat) => {
    try {
      const result = await exportDocuments(format, open.id, open.formDoc, open.shards, (name) =>
        open.photos.loadPhoto(name),
      );
      if (result.format === 'csv')
        for (const file of result.files) download(file.name, new Blob([file.text], { type: 'text/csv' }));
      else if (result.format === 'geojson')
        download(
          `${open.id}.geojson`,
          new Blob([JSON.stringify(result.geojson)], { type: 'application/geo+json' }),
        );
      else
        download(
          `${open.id}.zip`,
          new Blob([result.zip.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        );
      host.announce(`Export ${format} ready`);
    } catch (error) {
      host.announce(`The export failed: ${(error as Error).message}`);
    }
  };
  return html`<section class="exports" aria-labelledby="exports-title">
    <h3 id="exports-title">Export</h3>
    <button type="button" @click=${() => run('csv')}>CSV</button>
    <button type="button" @click=${() => run('geojson')}>GeoJSON</button>
    <button type="button" @click=${() => run('zip')}>Zip with photos</button>
  </section>`;
}

/** Saves a file through an object URL (released once the click has started the download). */
function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
