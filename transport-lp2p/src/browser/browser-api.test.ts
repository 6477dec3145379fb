/**
 * The browser module in real headless Chromium, through the loopback bridge, against a Node program on another
 * device: two network namespaces, the page's device running the agent with its bridge (up-node.ts, what
 * `offgrid up` runs) and Chromium, the other a Node LP2P program (the draft's examples, run by run-example.ts).
 * The person's part at the trusted UI is played by `UiPilot`, clicking as a person would.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { BrowserDevice, startUpNode, UiPilot, uiUrlOf } from '../bridge/testing/browser-device-client.ts';
import { createLan, type Lan, lanUnavailableReason } from '../testing/lan.ts';
import { LineProcess } from '../testing/line-process.ts';

const skip = lanUnavailableReason();
const EXAMPLES = join(import.meta.dirname, '..', 'api', 'examples');

/** A Node program of the draft's examples on `host`; PSK lines go out on stdout, typed ones come in on stdin. */
function nodeExample(lan: Lan, example: string, stateDir: string): LineProcess {
  const host = lan.hosts[1];
  if (!host) throw new Error('no second host');
  return new LineProcess(host, [join(EXAMPLES, 'run-example.ts'), join(EXAMPLES, example)], {
    env: {
      ...process.env,
      OFFGRID_NAME: 'Node peer',
      OFFGRID_STATE_DIR: stateDir,
      OFFGRID_INTERFACE: host.address,
    },
  });
}

/** PSKs between the page's trusted UI and the Node program, as the person would carry them. */
function carryPsks(peer: LineProcess): { onPsk: (psk: string) => void; psk: () => Promise<string> } {
  return {
    onPsk: (psk) => peer.write(psk),
    psk: async () => (await peer.waitForLine((l) => l.startsWith('PSK: '), 20_000)).slice(5),
  };
}

describe('the LP2P API in Chromium through the bridge', { skip }, () => {
  let lan: Lan;
  let dir: string;
  let up: LineProcess;
  let device: BrowserDevice;
  let uiTab: number;
  const programs: LineProcess[] = [];

  before(async () => {
    lan = await createLan(2);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-browser-'));
    const host = lan.hosts[0];
    if (!host) throw new Error('no host');
    up = startUpNode(host, 'Page device', join(dir, 'page'));
    device = await BrowserDevice.start(host, await uiUrlOf(up));
    uiTab = await device.open('ui');
  });
  afterEach(async () => {
    for (const program of programs.splice(0)) await program.stop('SIGKILL');
  });
  after(async () => {
    await device?.stop();
    await up?.stop();
    await lan?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the draft’s data-channel requester example in a page, with the Node receiver example', async () => {
    const peer = nodeExample(lan, 'data-channel-receiver.example.ts', join(dir, 'node-1'));
    programs.push(peer);
    const pilot = new UiPilot(device, uiTab, carryPsks(peer));
    const tab = await device.open('app');
    // lp2p-draft §Data channel Examples, "as requester", verbatim.
    await device.eval(
      tab,
      `(async () => {
        const request = new LP2PRequest({
            nickname: "example-request",
        });

        const conn = await request.start();
        console.log("Requester: Got a connection!");

        const channel = conn.createDataChannel("My Channel");

        channel.onopen = e => {
            channel.onmessage = e => {
                const message = e.data;
                console.log(\`Requester: Received message: \${message}\`);
            };

            channel.send("Good day to you, receiver!");
        };
      })()`,
      90_000,
    );
    await device.console(tab, /^Requester: Received message: Good day to you, requester!$/);
    await peer.waitForLine((l) => l === 'Receiver: Received message: Good day to you, receiver!', 20_000);
    await pilot.stop();
    assert.ok(
      pilot.seen.includes('site') && pilot.seen.includes('choose-peer') && pilot.seen.includes('grant'),
    );
  });
});
