import type { OspAgentOptions } from '../agent/index.ts';
import { OspAgent } from '../agent/node.ts';
import '../api/node.ts';
import { LocalBridge, type LocalBridgeOptions } from './bridge-server.ts';
import { PromptBoard } from './prompt-board.ts';
import { UiPromptDelegate } from './ui-prompt-delegate.ts';

export interface UpOptions {
  /** The agent's options; its prompts go to the trusted UI and it advertises only after consent. */
  readonly agent: Omit<OspAgentOptions, 'prompt' | 'advertise'>;
  readonly uiPort?: number;
  readonly discoveryWaitMs?: number;
  readonly limits?: LocalBridgeOptions['limits'];
}

/** An agent with its loopback bridge and trusted UI, as `offgrid up` runs them. */
export interface Up {
  readonly agent: OspAgent;
  readonly bridge: LocalBridge;
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
    });
  } catch (error) {
    await agent.stop();
    throw error;
  }
  return {
    agent,
    bridge,
    async stop() {
      await bridge.close();
      await agent.stop();
    },
  };
}
