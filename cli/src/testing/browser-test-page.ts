/** The page of `browserTestApp` (bundled for the browser): the framework used as an app uses it. */
import { openAppWorkspace } from '@offgrid/framework';

const workspace = openAppWorkspace('browser-test');
let last = '';
workspace.addEventListener('status', () => {
  const { connectivity, nearbyPeers } = workspace.status();
  const line = `status ${connectivity} ${nearbyPeers}`;
  if (line !== last) console.log(line);
  last = line;
});
Object.assign(globalThis, {
  workspace,
  edit: async (name: string, text: string) => {
    workspace.doc(name).getText('t').insert(0, text);
    await workspace.whenSaved();
    return 'saved';
  },
});
console.log('page ready');
