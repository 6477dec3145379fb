/**
 * The front-door load run (issue 9): strangers hold up to `connections` unauthenticated sessions against one agent
 * process while a trusted peer reconnects (QUIC and TLS/TCP) and exchanges agent-status round trips with it, and a
 * newcomer pairs with SPAKE2. Used
 * by the bench suite (1 000 connections) and by a smaller test. Everything on loopback, no mDNS.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveredAgent } from '../../discovery/index.ts';
import { IdentityStore, toInstanceName } from '../../identity/index.ts';
import { JsonLines } from '../../testing/json-lines.ts';
import { ProgrammaticPromptDelegate } from '../../trust/index.ts';
import { TrustStore } from '../../trust/node.ts';
import type { AgentConnection } from '../agent-connection.ts';
import { OspAgent } from '../osp-agent.ts';

export interface FrontDoorLoadOptions {
  readonly connections: number;
  /** How long the strangers hold on; they stop by themselves after it. */
  readonly seconds: number;
  /** Loopback source addresses the strangers use (the per-address cap is 8). */
  readonly addresses: number;
  /** agent-status round trips per measurement. */
  readonly samples?: number;
  /** Strangers dial again whenever the agent drops one of their sessions (handshake churn). */
  readonly redial?: boolean;
}

export interface FrontDoorLoadResult {
  /** Median agent-status round trip of the trusted peer, idle and under the strangers' load, per transport. */
  readonly rttIdleMs: Record<'quic' | 'tcp', number>;
  readonly rttLoadedMs: Record<'quic' | 'tcp', number>;
  /** A newcomer's SPAKE2 pairing with the agent (PSK read from the agent's output), idle and under load. */
  readonly pairingIdleMs: number;
  readonly pairingLoadedMs: number;
  /** Trusted peer's connect (with agent-info) idle and under load. */
  readonly reconnectIdleMs: Record<'quic' | 'tcp', number>;
  readonly reconnectLoadedMs: Record<'quic' | 'tcp', number>;
  readonly rssBeforeBytes: number;
  readonly rssPeakBytes: number;
  readonly rssAfterBytes: number;
  /** Most unauthenticated sessions the agent held at one sample. */
  readonly maxUnauthenticated: number;
  /** Most sessions the strangers had open at once, and their dial counts. */
  readonly strangers: { maxOpen: number; dialled: number; dropped: number; failed: number };
  /** The agent process still answered at the end and exited cleanly. */
  readonly agentSurvived: boolean;
}

const AGENT = join(import.meta.dirname, 'front-door-agent.ts');
const ATTACKER = join(import.meta.dirname, '../../platform/testing/front-door-attacker.ts');

interface Line {
  event: string;
  [key: string]: unknown;
}

export async function runFrontDoorLoad(options: FrontDoorLoadOptions): Promise<FrontDoorLoadResult> {
  const samples = options.samples ?? 200;
  const root = await mkdtemp(join(tmpdir(), 'offgrid-front-door-'));
  const children: ChildProcess[] = [];
  let peer: OspAgent | undefined;
  try {
    const agentDir = join(root, 'agent');
    const peerDir = join(root, 'peer');
    // Paired before the run: each side's known-peers names the other.
    const [agentId, peerId] = await Promise.all([
      new IdentityStore(agentDir).load({ instanceName: toInstanceName('Front door'), modelName: 'Offgrid' }),
      new IdentityStore(peerDir).load({ instanceName: toInstanceName('Trusted peer'), modelName: 'Offgrid' }),
    ]);
    await (await TrustStore.open(agentDir)).recordAuthenticated({
      fingerprint: peerId.fingerprint,
      displayName: 'Trusted peer',
      modelName: 'Offgrid',
    });
    await (await TrustStore.open(peerDir)).recordAuthenticated({
      fingerprint: agentId.fingerprint,
      displayName: 'Front door',
      modelName: 'Offgrid',
    });

    const agentProcess = spawn(process.execPath, [AGENT, '--state-dir', agentDir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.push(agentProcess);
    const agentLines = new JsonLines<Line>(agentProcess.stdout, { maxLines: 100 });
    const started = await agentLines.waitFor((l) => l.event === 'started', 15_000);
    const stats = async () => {
      const since = agentLines.count;
      agentProcess.stdin.write('{"op":"stats"}\n');
      return agentLines.waitFor((l) => l.event === 'stats', 10_000, { since });
    };

    peer = await OspAgent.start({
      displayName: 'Trusted peer',
      stateDir: peerDir,
      interfaceAddress: '127.0.0.1',
      advertise: false,
      browse: false,
      quicTransport: false,
    });
    const record: DiscoveredAgent = {
      instanceName: 'Front door',
      hostname: started.hostname as string,
      fingerprint: started.fingerprint as string,
      metadataVersion: 1,
      authToken: started.authToken as string,
      addresses: ['127.0.0.1'],
      port: started.quicPort as number,
      tcpPort: started.tcpPort as number,
      txt: {},
      lastSeen: Date.now(),
    };
    const trusted = peer;
    const measure = async () => {
      const reconnect = { quic: 0, tcp: 0 };
      const rtt = { quic: 0, tcp: 0 };
      for (const transport of ['quic', 'tcp'] as const) {
        const begun = performance.now();
        const connection = await trusted.connectTo(record, { transport });
        reconnect[transport] = performance.now() - begun;
        rtt[transport] = await medianRoundTrip(connection, samples);
        await connection.close();
      }
      return { reconnect, rtt };
    };

    /** A new agent pairs with SPAKE2, typing the PSK the agent process printed. */
    const pairNewcomer = async (name: string) => {
      const newcomer = await OspAgent.start({
        displayName: name,
        stateDir: join(root, name),
        interfaceAddress: '127.0.0.1',
        advertise: false,
        browse: false,
        quicTransport: false,
      });
      try {
        const since = agentLines.count;
        const prompt = new ProgrammaticPromptDelegate({
          providePsk: async () =>
            (await agentLines.waitFor((l) => l.event === 'psk', 15_000, { since })).numeric as string,
        });
        const begun = performance.now();
        const connection = await newcomer.pairTo(record, { transport: 'tcp', prompt });
        const ms = performance.now() - begun;
        if (!connection.authenticated) throw new Error('the newcomer did not pair');
        return ms;
      } finally {
        await newcomer.stop();
      }
    };

    await measure(); // warm-up: JIT, TLS tickets
    const rssBefore = (await stats()).rss as number;
    const idle = await measure();
    const pairingIdleMs = await pairNewcomer('newcomer-idle');

    const attacker = spawn(
      process.execPath,
      [
        ATTACKER,
        '--quic-port',
        String(record.port),
        '--tcp-port',
        String(record.tcpPort),
        '--connections',
        String(options.connections),
        '--addresses',
        String(options.addresses),
        '--seconds',
        String(options.seconds),
        '--max-dials',
        String(options.connections * 5),
        ...(options.redial ? ['--redial'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(attacker);
    const attackerLines = new JsonLines<Line>(attacker.stdout, { maxLines: 1000 });
    let maxOpen = 0;
    let maxUnauthenticated = 0;
    let peakRss = rssBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const line = await stats();
        maxUnauthenticated = Math.max(maxUnauthenticated, line.unauthenticated as number);
        peakRss = Math.max(peakRss, line.peakRss as number);
        maxOpen = Math.max(maxOpen, (attackerLines.latest?.open as number | undefined) ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    // Let the strangers reach their plateau (a third of the run), then measure the trusted peer among them.
    await new Promise((resolve) => setTimeout(resolve, (options.seconds * 1000) / 3));
    const loaded = await measure();
    const pairingLoadedMs = await pairNewcomer('newcomer-loaded');
    const done = await attackerLines.waitFor((l) => l.event === 'done', options.seconds * 1000 + 30_000);
    sampling = false;
    await sampler;
    const after = await stats();
    agentProcess.stdin.write('{"op":"stop"}\n');
    const exit = await new Promise<number | null>((resolve) => agentProcess.once('exit', resolve));
    return {
      rttIdleMs: idle.rtt,
      rttLoadedMs: loaded.rtt,
      pairingIdleMs,
      pairingLoadedMs,
      reconnectIdleMs: idle.reconnect,
      reconnectLoadedMs: loaded.reconnect,
      rssBeforeBytes: rssBefore,
      rssPeakBytes: Math.max(peakRss, after.peakRss as number),
      rssAfterBytes: after.rss as number,
      maxUnauthenticated,
      strangers: {
        maxOpen,
        dialled: done.dialled as number,
        dropped: done.dropped as number,
        failed: done.failed as number,
      },
      agentSurvived: exit === 0,
    };
  } finally {
    await peer?.stop();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
}

async function medianRoundTrip(connection: AgentConnection, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const begun = performance.now();
    await connection.request(
      { type: 'agent-status-request', requestId: connection.nextRequestId() },
      'agent-status-response',
    );
    times.push(performance.now() - begun);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
