/**
 * Field survey over the sync layer (issue 14):
 * - `survey.sync.10k`: seconds for a device that has never synced to receive 10 000 household submissions (no
 *   photos) from a peer: two SyncHubs in this process, the form's 16 shard documents shared over one
 *   LP2PDataChannel on a TCP session on loopback; from attaching the channel until the receiver's 16 state
 *   vectors equal the sender's.
 * - `survey.sync.bytes.ratio`: bytes on the channel both ways during that sync / bytes of the same submissions'
 *   values as JSON. Goal ≤ 1.5.
 */
import { once } from 'node:events';
import { submissionDocNames } from '@offgrid/field-survey';
import { sampleForm } from '@offgrid/field-survey/testing';
import { SyncHub } from '@offgrid/sync';
import { countIncoming, settle } from '@offgrid/sync/testing';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p';
import { lp2pPair } from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import type { Report } from '../bench-suite.ts';
import { fillHouseholdSubmissions } from '../survey-submissions.ts';

export const name = 'survey-sync';

const SUBMISSIONS = 10_000;

export async function run(report: Report): Promise<void> {
  const form = await sampleForm('household-needs');
  const sender = new SyncHub();
  const receiver = new SyncHub();
  const names = submissionDocNames(form.id);
  const sent = new Map(names.map((n) => [n, sender.open(n).doc]));
  const received = new Map(names.map((n) => [n, receiver.open(n).doc]));
  const json = fillHouseholdSubmissions(form, sent, SUBMISSIONS);

  const pair = await lp2pPair('tcp');
  const arriving = once(pair.server, 'datachannel');
  const a = pair.client.createDataChannel('sync');
  await once(a, 'open');
  const b = ((await arriving) as [{ channel: LP2PDataChannel }])[0].channel;
  const atSender = countIncoming(a);
  const atReceiver = countIncoming(b);
  const caughtUp = () =>
    names.every(
      (n) =>
        Y.encodeStateVector(received.get(n) as Y.Doc).join() ===
        Y.encodeStateVector(sent.get(n) as Y.Doc).join(),
    );
  const started = performance.now();
  sender.attach(a, { peerId: 'receiver' });
  receiver.attach(b, { peerId: 'sender' });
  await settle(caughtUp, 'the receiver has every submission', 300_000);
  const seconds = (performance.now() - started) / 1000;
  const count = [...received.values()].reduce((n, doc) => n + doc.getMap('submissions').size, 0);
  if (count !== SUBMISSIONS) throw new Error(`received ${count} submissions`);
  report({ metric: 'survey.sync.10k', value: seconds, unit: 's' });
  report({
    metric: 'survey.sync.bytes.ratio',
    value: (atSender.bytes + atReceiver.bytes) / json,
    unit: 'ratio',
  });
  sender.destroy();
  receiver.destroy();
  await pair.close();
}
