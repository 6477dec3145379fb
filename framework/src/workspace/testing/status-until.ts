import type { WorkspaceStatus } from '../status.ts';
import type { Workspace } from '../workspace.ts';

/** Resolves with the status once `predicate` holds, checking now and after each `status` event; fails after `ms`. */
export function statusUntil(
  workspace: Workspace,
  predicate: (status: WorkspaceStatus) => boolean,
  ms = 10_000,
): Promise<WorkspaceStatus> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const status = workspace.status();
      if (!predicate(status)) return;
      workspace.removeEventListener('status', check);
      clearTimeout(timer);
      resolve(status);
    };
    const timer = setTimeout(
      () => reject(new Error(`timed out at ${JSON.stringify(workspace.status())}`)),
      ms,
    );
    workspace.addEventListener('status', check);
    check();
  });
}
