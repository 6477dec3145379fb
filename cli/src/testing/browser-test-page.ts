/** The page of `browserTestApp` (bundled for the browser): the framework used as an app uses it. */
import { nearbyShare, openAppWorkspace } from '@offgrid/framework';

const workspace = openAppWorkspace('browser-test');
const share = nearbyShare(workspace);
const untilTrue = async (ready: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
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
  /** Writes `text` in `name` and shares it with every nearby device through the agent: the recipients' statuses. */
  shareDocumentWithAll: async (name: string, text: string) => {
    await untilTrue(() => share.peers().length > 0, 30_000);
    workspace.doc(name).getText('t').insert(0, text);
    const result = await share.shareDocument(name, { to: share.peers() });
    return result.peers.map((peer) => peer.status).join(',');
  },
  /** Accepts the next offer; resolves with the imported document's name and text, as this page has it. */
  acceptNextDocument: async () => {
    const imported = new Promise<string>((resolve) =>
      share.addEventListener('import', ({ imported }) =>
        resolve(`${imported.name}: ${workspace.doc(imported.name).getText('t').toString()}`),
      ),
    );
    await untilTrue(() => share.snapshot().offers.length > 0, 60_000);
    share.accept(share.snapshot().offers[0]?.transferId as string);
    return imported;
  },
});
console.log('page ready');
