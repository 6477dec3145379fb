import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { GroupPush, type PushOffer, type SyncChannel } from '@offgrid/sync';
import { FilePushStore, nodeWholeHash, saveReceivedFile } from '@offgrid/sync/node';
import { LineInput, type LP2PDataChannel, OspAgent, terminalSafe } from '@offgrid/transport-lp2p/node';
import { defaultStateDir, isInteractive, parseInterface, parseOptions, UsageError } from './cli-options.ts';
import { PushPeers } from './push-peers.ts';

/** For hostile-peer tests: changes what this receiver sends on its push channels. */
export interface ReceiveHooks {
  readonly wrapChannel?: (channel: LP2PDataChannel) => SyncChannel;
}

/**
 * `offgrid receive --dir DIR [--accept-all] [--state-dir DIR] [--interface ADDR] [--name NAME]`: advertises,
 * keeps push channels to the trusted peers present, and receives pushes from them until SIGINT/SIGTERM. Each
 * finished file is saved in DIR (never overwriting) and printed on standard output as `SHA256  PATH`
 * (`sha256sum` format); notes go to standard error (README, "offgrid receive"). Without `--accept-all` each
 * offer is asked about on the terminal; with no terminal, offers are declined. Chunks are kept in
 * `STATE/push/` until the file is saved, so a restarted receiver fetches only what it lacks.
 */
export async function runReceiveCommand(args: string[], hooks: ReceiveHooks = {}): Promise<number> {
  const { values } = parseOptions(args, {
    dir: { type: 'string' },
    'accept-all': { type: 'boolean' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    name: { type: 'string' },
  });
  if (!values.dir) throw new UsageError('receive needs --dir DIR');
  const dir = values.dir;
  const stateDir = values['state-dir'] ?? defaultStateDir();
  const interfaceAddress = parseInterface(values.interface);
  await mkdir(dir, { recursive: true });
  const acceptAll = values['accept-all'] === true;
  const interactive = isInteractive();
  const lines = new LineInput(process.stdin, interactive ? process.stderr : undefined);
  const note = (text: string) => console.error(terminalSafe(text));

  const agent = await OspAgent.start({
    displayName: values.name ?? hostname(),
    stateDir,
    interfaceAddress,
  });
  const fetched = new Map<string, number>();
  const push = new GroupPush({
    id: agent.fingerprint,
    store: new FilePushStore(join(stateDir, 'push')),
    wholeHash: nodeWholeHash,
    accept: (offer) => decide(offer),
    onReceiveProgress: (progress) => fetched.set(progress.transferId, progress.fetchedBytes),
    onReceived: async (received) => {
      const offer = received.offer;
      try {
        const path = await saveReceivedFile(received, dir);
        await received.discard();
        const bytes = fetched.get(offer.transferId) ?? 0;
        note(`received ${offer.name} from ${offer.from}: fetched ${bytes} of ${offer.totalBytes} bytes`);
        console.log(`${offer.sha256}  ${terminalSafe(path)}`);
      } catch (error) {
        note(`could not save ${offer.name}: ${(error as Error).message}`);
      }
    },
    onReceiveFailed: (offer, error) => note(`failed ${offer.name} from ${offer.from}: ${error.code}`),
    onPeerError: (peer, error) => note(`peer ${peer}: ${error.code}`),
  });
  const decide = async (offer: PushOffer): Promise<boolean> => {
    const what = `${offer.name} (${offer.totalBytes} bytes) from ${describe(agent, offer.from)}`;
    let yes = acceptAll;
    if (!acceptAll && interactive) {
      const answer = await lines.read(terminalSafe(`Accept ${what}? [y/N] `)).catch(() => '');
      yes = /^y(es)?$/i.test(answer.trim());
    }
    note(
      `${yes ? 'accepting' : interactive || acceptAll ? 'declined' : 'declined (no terminal; --accept-all takes every push)'} ${what}`,
    );
    return yes;
  };
  // Of two receivers, the one with the lower fingerprint dials; senders do not advertise and dial us.
  const peers = new PushPeers(agent, push, {
    dial: (fingerprint) => agent.fingerprint < fingerprint,
    wrapChannel: hooks.wrapChannel,
  });
  note(`receiving into ${dir} as ${agent.fingerprint}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  peers.stop();
  push.close();
  lines.close();
  await agent.stop();
  return 0;
}

function describe(agent: OspAgent, fingerprint: string): string {
  const name = agent.trustStore.get(fingerprint)?.displayName;
  return name ? `${name} (${fingerprint})` : fingerprint;
}
