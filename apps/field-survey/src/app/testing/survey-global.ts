import type { Workspace } from '@offgrid/framework';
import type { SurveyHandle } from '../page/mount-survey.ts';

/** What the page's boot module exposes as `globalThis.offgridSurvey` (tests read the model through it). */
export interface SurveyGlobal {
  readonly offgridSurvey: SurveyHandle & { readonly workspace: Workspace };
}
