import { html } from 'lit';
import { formatBytes, formatRate, formatRemaining } from './format.ts';

const STATUS_WORDS: Record<string, string> = {
  waiting: 'waiting',
  offered: 'asked, waiting for an answer',
  receiving: 'receiving',
  confirmed: 'received and checked',
  declined: 'declined',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * One transfer's progress bar and its "1.2 MB of 5 MB · 800 kB/s · in 4 sec." line (shared by share and import).
 * Rate and time left are shown only while `active`: a transfer that ended (received, declined, failed, cancelled)
 * keeps the last rate its source reported, which says nothing any more.
 */
export function transferRow(
  label: string,
  progress: {
    status?: string;
    receivedBytes: number;
    totalBytes: number;
    rate: number;
    remainingMs: number | undefined;
  },
  locale: string | undefined,
  active: boolean,
) {
  const facts = [
    `${formatBytes(progress.receivedBytes, locale)} of ${formatBytes(progress.totalBytes, locale)}`,
  ];
  if (active && progress.rate > 0) facts.push(formatRate(progress.rate, locale));
  if (active && progress.remainingMs !== undefined) facts.push(formatRemaining(progress.remainingMs, locale));
  return html`<progress part="bar" max=${Math.max(1, progress.totalBytes)} value=${progress.receivedBytes}
      aria-label=${label}></progress>
    <span part="facts" class="facts muted">${progress.status ? html`<span class=${`state ${progress.status}`}>${STATUS_WORDS[progress.status] ?? progress.status}</span> · ` : ''}${facts.join(' · ')}</span>`;
}
