/**
 * The coordinator's page on `offgrid serve`: the queries its JSON endpoints answer (portable) and the page's
 * files (Node: bundled with esbuild). The server routes are in `@offgrid/server` (`coordinator-routes.ts`).
 */
export { coordinatorPageFiles, type PageFile } from './page-files.ts';
export {
  parseSubmissionQuery,
  QUERY_LIMITS,
  QueryError,
  type SubmissionQuery,
  type SubmissionSort,
} from './query-params.ts';
export { type SubmissionDetail, submissionDetail } from './submission-detail.ts';
export {
  type DeviceWork,
  deviceWork,
  type MapPoint,
  mapPoints,
  type OpenConflict,
  openConflicts,
  querySubmissions,
  type SubmissionPage,
} from './submission-query.ts';
export {
  type SubmissionColumns,
  type SubmissionRow,
  type Summary,
  submissionColumns,
  summarize,
} from './submission-summary.ts';
