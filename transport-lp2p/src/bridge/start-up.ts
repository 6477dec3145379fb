import { join } from 'node:path';
import type { WebSocket } from 'ws';
import type { OspAgentOptions } from '../agent/index.ts';
import { OspAgent } from '../agent/node.ts';
import '../api/node.ts';
import { type AppApiRequestHandler, AppHost } from './app-host.ts';
import type { HostedApp } from './app-server.ts';
import { LocalBridge, type LocalBridgeOptions } from './bridge-server.ts';
import { PromptBoard } from './prompt-board.ts';
import { UiPromptDelegate } from './ui-prompt-delegate.ts';

export interface UpOptions {
  /** The agent's options; its prompts go to the trusted UI and it advertises only after consent. */
  readonly agent: Omit<OspAgentOptions, 'prompt' | 'advertise'>;
  readonly uiPort?: number;
  readonly discoveryWaitMs?: number;
  readonly limits?: LocalBridgeOptions['limits'];
  /**
   * Keep the origins' capability tokens in `<stateDir>/origin-tokens.json` across restarts, so a page the person
   * allowed keeps working without asking again (default true; false forgets them when the agent stops).
   */
  readonly keepTokens?: boolean;
  /** Web apps to serve, each on a loopback port of its own kept in the state dir (`app-ports.json`). */
  readonly apps?: readonly HostedApp[];
  /** A page socket of app `appId` that passed the Host, Origin and token checks. */
  readonly onSyncSocket?: (appId: string, socket: WebSocket) => void;
  /** A request under `/<appId>/api/` that passed the Host, Origin and token checks (an app's blobs). */
  readonly onApiRequest?: AppApiRequestHandler;
}

/** An agent with its loopback bridge and trusted UI, as `offgrid up` runs them. */
export interface Up {
  readonly agent: OspAgent;
  readonly bridge: LocalBridge;
  /** The apps served (none without `apps`). */
  readonly apps: AppHost;
  stop(): Promise<void>;
}

/** Starts an agent whose prompts are answered in the trusted UI, and the bridge serving pages and that UI. */
export async function startUp(options: UpOptions): Promise<Up> {
  const board = new PromptBoard();
  const prompt = new UiPromptDelegate(board);
  const agent = await OspAgent.start({ ...options.agent, prompt, advertise: false });
  let bridge: LocalBridge;
  try {
    bridge = await LocalBridge.start({
      agent,
      prompt,
      board,
      ...(options.uiPort === undefined ? {} : { port: options.uiPort }),
      ...(options.discoveryWaitMs === undefined ? {} : { discoveryWaitMs: options.discoveryWaitMs }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.keepTokens !== false
        ? { tokensFile: join(options.agent.stateDir, 'origin-tokens.json') }
        : {}),
    });
  } catch (error) {
    await agent.stop();
    throw error;
  }
  let apps: AppHost;
  try {
    const onSyncSocket = options.onSyncSocket ?? ((_id: string, socket: WebSocket) => socket.close());
    apps = await AppHost.start({
      apps: options.apps ?? [],
      stateDir: options.agent.stateDir,
      bridgePort: bridge.port,
      verifyToken: (origin, token) => bridge.verifyToken(origin, token),
      onSyncSocket,
      ...(options.onApiRequest === undefined ? {} : { onApiRequest: options.onApiRequest }),
    });
  } catch (error) {
    await bridge.close();
    await agent.stop();
    throw error;
  }
  return {
    agent,
    bridge,
    apps,
    async stop() {
      await apps.close();
      await bridge.close();
      await agent.stop();
    },
  };
}
