import type { WebApp } from '@offgrid/framework/node';
import { UsageError } from './cli-options.ts';

/** Where a {@link WebApp} comes from: a module and the name of its export. */
export interface AppSource {
  readonly module: string;
  readonly exportName: string;
}

/**
 * The apps `offgrid up` serves when they are installed. Adding an app is one line: its node entry and the
 * `WebApp` it exports (framework/src/node/web-app.ts). An entry whose module or export is not there yet is
 * skipped.
 */
export const builtInApps: readonly AppSource[] = [
  { module: '@offgrid/notes/node', exportName: 'notesApp' },
  { module: '@offgrid/field-survey/node', exportName: 'fieldSurveyApp' },
];

const APP_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `--app MODULE#EXPORT` (a path or package name, and the export holding the `WebApp`). */
export function parseAppSource(spec: string): AppSource {
  const at = spec.lastIndexOf('#');
  if (at <= 0 || at === spec.length - 1) throw new UsageError(`--app takes MODULE#EXPORT, not '${spec}'`);
  return { module: spec.slice(0, at), exportName: spec.slice(at + 1) };
}

/** Loads the apps: built-in ones quietly skipped when absent, `required` ones (from `--app`) or a usage error. */
export async function loadApps(
  optional: readonly AppSource[],
  required: readonly AppSource[],
): Promise<WebApp[]> {
  const apps: WebApp[] = [];
  for (const [source, mandatory] of [
    ...optional.map((s) => [s, false] as const),
    ...required.map((s) => [s, true] as const),
  ]) {
    let exported: unknown;
    try {
      const module = (await import(source.module)) as Record<string, unknown>;
      exported = module[source.exportName];
    } catch (error) {
      if (mandatory) throw new UsageError(`cannot load ${source.module}: ${(error as Error).message}`);
      continue;
    }
    if (!isWebApp(exported)) {
      if (mandatory) throw new UsageError(`${source.module} has no WebApp export '${source.exportName}'`);
      continue;
    }
    if (apps.some((app) => app.id === exported.id)) throw new UsageError(`two apps with id '${exported.id}'`);
    apps.push(exported);
  }
  return apps;
}

function isWebApp(value: unknown): value is WebApp {
  const app = value as Partial<WebApp> | null;
  return (
    typeof app === 'object' &&
    app !== null &&
    typeof app.id === 'string' &&
    APP_ID.test(app.id) &&
    typeof app.title === 'string' &&
    typeof app.build === 'function'
  );
}
