/**
 * Every example of the LP2P draft that runs on its own, verbatim with only imports added (`*.example.ts`), run as two
 * programs in two network namespaces: the receiver side and the requester side. The imported example environment
 * plays the user: PSKs travel as `PSK: …` lines from the presenter's output to the other side's input.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, afterEach, before, describe, it } from 'node:test';
import { createLan, type Lan, type LanHost, lanUnavailableReason } from '../../testing/lan.ts';

const skip = lanUnavailableReason();
const WAIT_MS = 20_000;

class Program {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly #listeners = new Set<() => void>();

  constructor(host: LanHost, example: string, name: string, stateDir: string, env: NodeJS.ProcessEnv = {}) {
    const runner = join(import.meta.dirname, 'run-example.ts');
    this.child = host.spawn(process.execPath, [runner, join(import.meta.dirname, example)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        OFFGRID_NAME: name,
        OFFGRID_STATE_DIR: stateDir,
        OFFGRID_INTERFACE: host.address,
        ...env,
      },
    });
    createInterface({ input: this.child.stdout as NonNullable<ChildProcess['stdout']> }).on(
      'line',
      (line) => {
        this.lines.push(line);
        for (const listener of this.#listeners) listener();
      },
    );
  }

  waitFor(text: string | RegExp): Promise<string> {
    const find = () => this.lines.find((l) => (typeof text === 'string' ? l === text : text.test(l)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line ${text} in ${WAIT_MS} ms:\n${this.lines.join('\n')}`)),
        WAIT_MS,
      );
      const check = () => {
        const line = find();
        if (line === undefined) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve(line);
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** Copies this program's next `PSK:` line to `other`'s input, if this side presents. */
  relayPskTo(other: Program): void {
    void this.waitFor(/^PSK: /).then(
      (line) => other.child.stdin?.write(`${line.slice(5)}\n`),
      () => {},
    );
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

describe('LP2P draft examples between two namespaces', { skip }, () => {
  let lan: Lan;
  let root: string;
  const programs: Program[] = [];

  afterEach(async () => {
    // Each example pair must find only its own peer: stop the previous pair.
    for (const program of programs.splice(0)) await program.kill();
  });
  before(async () => {
    lan = await createLan(2);
    root = await mkdtemp(join(tmpdir(), 'offgrid-examples-'));
  });
  after(async () => {
    for (const program of programs) await program.kill();
    await lan?.close();
    await rm(root, { recursive: true, force: true });
  });

  function run(
    receiverExample: string,
    requesterExample: string,
    label: string,
    receiverEnv: NodeJS.ProcessEnv = {},
  ): [Program, Program] {
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const receiver = new Program(
      hostA,
      receiverExample,
      'Receiver device',
      join(root, label, 'receiver'),
      receiverEnv,
    );
    const requester = new Program(
      hostB,
      requesterExample,
      'Requester device',
      join(root, label, 'requester'),
    );
    programs.push(receiver, requester);
    receiver.relayPskTo(requester);
    requester.relayPskTo(receiver);
    return [receiver, requester];
  }

  it('§LP2PReceiver and §LP2PRequest: a request connects to a receiver', async () => {
    const [receiver, requester] = run('receiver-listen.example.ts', 'request-connect.example.ts', 'connect');
    await requester.waitFor('Connection established!');
    await receiver.waitFor('Connection established!');
  });

  it('§Data channel examples: messages both ways over a channel the requester opens', async () => {
    const [receiver, requester] = run(
      'data-channel-receiver.example.ts',
      'data-channel-requester.example.ts',
      'channel',
    );
    await receiver.waitFor('Receiver: Got a connection!');
    await requester.waitFor('Requester: Got a connection!');
    await receiver.waitFor('Receiver: Received message: Good day to you, receiver!');
    await requester.waitFor('Requester: Received message: Good day to you, requester!');
    assert.ok(
      receiver.lines.some((l) => l.startsWith('PSK: ')) || requester.lines.some((l) => l.startsWith('PSK: ')),
      'the peers paired with a PSK first',
    );
  });

  it('§LP2PQuicTransport examples: a request opens a WebTransport session that the receiver’s listener yields', async () => {
    const [receiver, requester] = run(
      'quic-transport-listener.example.ts',
      'quic-transport-request.example.ts',
      'q2q',
    );
    await requester.waitFor('example completed');
    await receiver.waitFor('q2q session admitted');
  });

  it('explainer §Shorthand APIs: lp2p.connect reaches lp2p.makeDiscoverable', async () => {
    const [a, b] = run('explainer-shorthand-a.example.ts', 'explainer-shorthand-b.example.ts', 'shorthand');
    await b.waitFor('example completed');
    await a.waitFor('q2q session admitted');
  });

  it('explainer §Peer discovery: Peer B’s request reaches Peer A’s receiver (started by onconnection)', async () => {
    const [a, b] = run('explainer-discovery-a.example.ts', 'explainer-discovery-b.example.ts', 'discovery');
    await b.waitFor('Requester: Got a connection!');
    await a.waitFor('Receiver: Got a connection!');
  });

  it('explainer §Simple message exchange: Peer A answers on the channel Peer B opens', async () => {
    const [, b] = run('explainer-message-a.example.ts', 'explainer-message-b.example.ts', 'message');
    await b.waitFor('Receiver: Received message: Good day to you, requester!');
  });

  it('explainer §Advanced data exchange: a WebTransport session from Peer B to Peer A’s listener', async () => {
    const [a, b] = run('explainer-advanced-a.example.ts', 'explainer-advanced-b.example.ts', 'advanced');
    await b.waitFor('example completed');
    await a.waitFor('q2q session admitted');
  });

  it('explainer §Advanced data exchange, Peer A slow to grant: Peer B’s session waits for the grant', async () => {
    // Peer B is through pairing and its own grant first and dials at once; Peer A is still deciding.
    const [a, b] = run('explainer-advanced-a.example.ts', 'explainer-advanced-b.example.ts', 'slow-grant', {
      OFFGRID_EXAMPLE_GRANT_DELAY_MS: '1500',
    });
    await b.waitFor('example completed');
    await a.waitFor('q2q session admitted');
  });

  it('§LP2PConnection examples: both sides open a WebTransport session on their existing connection', async () => {
    const [receiver, requester] = run(
      'connection-transport-receiver.example.ts',
      'connection-transport-requester.example.ts',
      'connection-q2q',
    );
    await requester.waitFor('example completed');
    await receiver.waitFor('q2q session admitted');
  });
});
