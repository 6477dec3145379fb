import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readOptionalFile, writeFileAtomic } from '../identity/index.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const STATE_TOKEN = /^[0-9A-Za-z]{8}$/;

/** What an agent keeps between runs besides its identity. */
export interface AgentState {
  /** osp-application §Metadata Discovery: 8 characters [0-9A-Za-z]; new only when the agent lost its state. */
  readonly stateToken: string;
  /** The `mv` TXT value (osp-network §Discovery): must grow whenever the metadata changes, across restarts too. */
  readonly metadataVersion: number;
  readonly displayName: string;
}

/** A fresh osp-application `state-token`. */
export function generateStateToken(): string {
  let token = '';
  for (let i = 0; i < 8; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/**
 * Loads the agent state for `displayName`, bumping `metadataVersion` when the display name changed since the last
 * run. A missing or unreadable file means the agent lost its state: a new state-token.
 */
export async function loadAgentState(stateDir: string, displayName: string): Promise<AgentState> {
  const file = join(stateDir, 'agent-state.json');
  const previous = parseState(await readOptionalFile(file));
  const state: AgentState = previous
    ? {
        stateToken: previous.stateToken,
        metadataVersion: previous.metadataVersion + (previous.displayName === displayName ? 0 : 1),
        displayName,
      }
    : { stateToken: generateStateToken(), metadataVersion: 1, displayName };
  // Written only when it changed: a read-only state directory must not stop an agent from starting.
  const changed =
    !previous ||
    previous.stateToken !== state.stateToken ||
    previous.metadataVersion !== state.metadataVersion ||
    previous.displayName !== state.displayName;
  if (changed) {
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, `${JSON.stringify(state)}\n`, 0o600);
  }
  return state;
}

function parseState(text: string | undefined): AgentState | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as AgentState;
    const valid =
      STATE_TOKEN.test(value.stateToken) &&
      Number.isSafeInteger(value.metadataVersion) &&
      value.metadataVersion >= 1 &&
      typeof value.displayName === 'string';
    return valid ? value : undefined;
  } catch {
    return undefined;
  }
}
