/**
 * Where a form and its submissions live, as document names on the sync wire and on the server
 * (`offgrid serve` stores Hocuspocus documents by name; a token's prefix `survey/<formId>/` covers them all):
 *
 * - `survey/<formId>/form`: the form's versions (`form-doc.ts`);
 * - `survey/<formId>/submissions/<shard>`: the submissions whose id hashes to `shard` (`0`…`f`).
 */
export const SUBMISSION_SHARDS = 16;

export function formDocName(formId: string): string {
  return `survey/${formId}/form`;
}

export function submissionsPrefix(formId: string): string {
  return `survey/${formId}/submissions/`;
}

/** The shard document of a submission: FNV-1a of its id, modulo `SUBMISSION_SHARDS`, in hex. */
export function submissionDocName(formId: string, submissionId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < submissionId.length; i++) {
    hash ^= submissionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return submissionsPrefix(formId) + (hash % SUBMISSION_SHARDS).toString(16);
}

/** Every shard document name of a form. */
export function submissionDocNames(formId: string): string[] {
  return Array.from({ length: SUBMISSION_SHARDS }, (_, i) => submissionsPrefix(formId) + i.toString(16));
}
