/**
 * Every example of the LP2P draft and its explainer (`api/examples/*.example.ts`, 16 files) run in a real Chromium
 * page through the browser module and the agent's bridge, each paired with its counterpart example run as a Node
 * program on another device (two network namespaces, as `examples-lan.test.ts` runs them Node to Node). The page
 * runs the example file itself, bundled with its API import pointed at the bridge's `/lp2p.js`
 * (`testing/example-bundle.ts`): the draft's code unchanged. The person at the page device's trusted UI is
 * `UiPilot`; PSKs travel between the UI and the Node program's `PSK:` lines as a person would carry them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { BrowserDevice, startUpNode, UiPilot, uiUrlOf } from '../bridge/testing/browser-device-client.ts';
import { chromiumUnavailableReason } from '../testing/chromium.ts';
import { createLan, type Lan, lanUnavailableReason } from '../testing/lan.ts';
import { LineProcess } from '../testing/line-process.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
const EXAMPLES = join(import.meta.dirname, '..', 'api', 'examples');
/** How long a request looks for peers before the chooser: both sides start only once the other advertises. */
const DISCOVERY_WAIT_MS = 1000;

interface ExampleRun {
  /** The example the page runs, and whether it is the receiving side (started first). */
  readonly page: string;
  readonly pageReceives: boolean;
  /** Its counterpart, run as a Node program on the other device. */
  readonly node: string;
  /** Console lines of the page, and output lines of the Node program, that show the example worked. */
  readonly pageSays: readonly string[];
  readonly nodeSays: readonly string[];
}

const received = (who: string, text: string) => `${who}: Received message: Good day to you, ${text}!`;

/** Each pair twice: once with each side in the page. */
const RUNS: readonly ExampleRun[] = [
  // lp2p-draft §LP2PReceiver and §LP2PRequest examples.
  {
    page: 'request-connect.example.ts',
    pageReceives: false,
    node: 'receiver-listen.example.ts',
    pageSays: ['Connection established!', 'example completed'],
    nodeSays: ['Connection established!'],
  },
  {
    page: 'receiver-listen.example.ts',
    pageReceives: true,
    node: 'request-connect.example.ts',
    pageSays: ['Connection established!'],
    nodeSays: ['Connection established!'],
  },
  // lp2p-draft §Data channel examples.
  {
    page: 'data-channel-requester.example.ts',
    pageReceives: false,
    node: 'data-channel-receiver.example.ts',
    pageSays: ['Requester: Got a connection!', received('Requester', 'requester')],
    nodeSays: ['Receiver: Got a connection!', received('Receiver', 'receiver')],
  },
  {
    page: 'data-channel-receiver.example.ts',
    pageReceives: true,
    node: 'data-channel-requester.example.ts',
    pageSays: ['Receiver: Got a connection!', received('Receiver', 'receiver')],
    nodeSays: ['Requester: Got a connection!', received('Requester', 'requester')],
  },
  // lp2p-draft §LP2PQuicTransport examples.
  {
    page: 'quic-transport-request.example.ts',
    pageReceives: false,
    node: 'quic-transport-listener.example.ts',
    pageSays: ['q2q session open', 'example completed'],
    nodeSays: ['q2q session admitted'],
  },
  {
    page: 'quic-transport-listener.example.ts',
    pageReceives: true,
    node: 'quic-transport-request.example.ts',
    pageSays: ['q2q session admitted'],
    nodeSays: ['example completed'],
  },
  // lp2p-draft §LP2PConnection examples: both sides open a WebTransport session on their connection.
  {
    page: 'connection-transport-requester.example.ts',
    pageReceives: false,
    node: 'connection-transport-receiver.example.ts',
    pageSays: ['q2q session open', 'example completed'],
    nodeSays: ['q2q session admitted'],
  },
  {
    page: 'connection-transport-receiver.example.ts',
    pageReceives: true,
    node: 'connection-transport-requester.example.ts',
    pageSays: ['q2q session open'],
    nodeSays: ['example completed'],
  },
  // lp2p-EXPLAINER §Peer discovery.
  {
    page: 'explainer-discovery-b.example.ts',
    pageReceives: false,
    node: 'explainer-discovery-a.example.ts',
    pageSays: ['Requester: Got a connection!', 'example completed'],
    nodeSays: ['Receiver: Got a connection!'],
  },
  {
    page: 'explainer-discovery-a.example.ts',
    pageReceives: true,
    node: 'explainer-discovery-b.example.ts',
    pageSays: ['Receiver: Got a connection!'],
    nodeSays: ['Requester: Got a connection!'],
  },
  // lp2p-EXPLAINER §Simple message exchange (continuing §Peer discovery's connection).
  {
    page: 'explainer-message-b.example.ts',
    pageReceives: false,
    node: 'explainer-message-a.example.ts',
    pageSays: [received('Receiver', 'requester')],
    nodeSays: [],
  },
  {
    page: 'explainer-message-a.example.ts',
    pageReceives: true,
    node: 'explainer-message-b.example.ts',
    pageSays: ['example completed'],
    nodeSays: [received('Receiver', 'requester')],
  },
  // lp2p-EXPLAINER §Shorthand APIs.
  {
    page: 'explainer-shorthand-b.example.ts',
    pageReceives: false,
    node: 'explainer-shorthand-a.example.ts',
    pageSays: ['q2q session open', 'example completed'],
    nodeSays: ['q2q session admitted'],
  },
  {
    page: 'explainer-shorthand-a.example.ts',
    pageReceives: true,
    node: 'explainer-shorthand-b.example.ts',
    pageSays: ['q2q session admitted'],
    nodeSays: ['example completed'],
  },
  // lp2p-EXPLAINER §Advanced data exchange.
  {
    page: 'explainer-advanced-b.example.ts',
    pageReceives: false,
    node: 'explainer-advanced-a.example.ts',
    pageSays: ['q2q session open', 'example completed'],
    nodeSays: ['q2q session admitted'],
  },
  {
    page: 'explainer-advanced-a.example.ts',
    pageReceives: true,
    node: 'explainer-advanced-b.example.ts',
    pageSays: ['q2q session admitted'],
    nodeSays: ['example completed'],
  },
];

describe('the draft’s and the explainer’s examples in Chromium through the bridge', { skip }, () => {
  let lan: Lan;
  let dir: string;
  let up: LineProcess;
  let device: BrowserDevice;
  let pilot: UiPilot;
  let peer: LineProcess | undefined;
  let peerName: string | undefined;

  before(async () => {
    lan = await createLan(2);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-browser-examples-'));
    const host = lan.hosts[0];
    if (!host) throw new Error('no host');
    up = startUpNode(host, 'Page device', join(dir, 'page'), { discoveryWaitMs: DISCOVERY_WAIT_MS });
    device = await BrowserDevice.start(host, await uiUrlOf(up));
    pilot = new UiPilot(device, await device.open('ui'), {
      onPsk: (psk) => peer?.write(psk),
      psk: async () =>
        (await (peer as LineProcess).waitForLine((l) => l.startsWith('PSK: '), 20_000)).slice(5),
      peerName: () => peerName,
    });
  });
  afterEach(async () => {
    // Each example must find only its own counterpart: the previous Node program goes first.
    await peer?.stop('SIGKILL');
    peer = undefined;
  });
  after(async () => {
    await pilot?.stop();
    await device?.stop();
    await up?.stop();
    await lan?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the Node side: its own device identity each time, so the page pairs with it afresh. */
  function startNode(run: ExampleRun, index: number): LineProcess {
    const host = lan.hosts[1];
    if (!host) throw new Error('no second host');
    peerName = `Node peer ${index}`;
    peer = new LineProcess(host, [join(EXAMPLES, 'run-example.ts'), join(EXAMPLES, run.node)], {
      env: {
        ...process.env,
        OFFGRID_NAME: peerName,
        OFFGRID_STATE_DIR: join(dir, `node-${index}`),
        OFFGRID_INTERFACE: host.address,
        OFFGRID_DISCOVERY_WAIT_MS: String(DISCOVERY_WAIT_MS),
      },
    });
    return peer;
  }

  /** Runs the example file in a fresh tab; its console says `example completed` when its top level finished. */
  async function startPage(run: ExampleRun): Promise<number> {
    const tab = await device.open('app');
    await device.eval(
      tab,
      `(() => {
        import('/example/${run.page}').then(
          () => console.log('example completed'),
          (error) => console.log('example failed: ' + error),
        );
        return true;
      })()`,
    );
    return tab;
  }

  for (const [index, run] of RUNS.entries()) {
    it(`runs ${run.page} in a page, with ${run.node} in Node`, async () => {
      let tab: number;
      let node: LineProcess;
      if (run.pageReceives) {
        tab = await startPage(run);
        await device.console(tab, /^receiver started$/, 60_000);
        node = startNode(run, index);
      } else {
        node = startNode(run, index);
        await node.waitForLine((l) => l === 'advertising', 20_000);
        tab = await startPage(run);
      }
      for (const line of run.pageSays)
        await device.console(tab, new RegExp(`^${escapeRegExp(line)}$`), 60_000);
      for (const line of run.nodeSays) await node.waitForLine((l) => l === line, 20_000);
      assert.equal(
        device.process.lines.some((l) => l.includes('example failed') || l.includes('"event":"pageerror"')),
        false,
        'the page reported an error',
      );
      await device.command('close', { tab });
      // The agent outlives the page (closing a listening page once ended its process).
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(up.child.exitCode, null, `the agent exited: ${up.lines.slice(-12).join('\n')}`);
    });
  }

  it('ran every example in the folder in a page', async () => {
    const examples = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.example.ts')).sort();
    assert.deepEqual([...RUNS.map((r) => r.page)].sort(), examples);
    assert.equal(examples.length, 16);
    assert.deepEqual(pilot.errors, []);
    // The person was asked as the draft says: the site, advertising, the peer, its PSK, the grant.
    for (const kind of ['site', 'advertise', 'choose-peer', 'grant'])
      assert.ok(pilot.seen.includes(kind), kind);
    assert.ok(pilot.seen.includes('show-psk') && pilot.seen.includes('enter-psk'), pilot.seen.join(' '));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
