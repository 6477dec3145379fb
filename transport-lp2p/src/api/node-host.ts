/**
 * Node's local peer host, installed when this module is imported (the `node` entry imports it): agents are
 * `OspAgent`s, and the default manager comes from the environment with the terminal prompt delegate.
 */
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { OspAgent } from '../agent/node.ts';
import { TerminalPromptDelegate } from '../trust/node.ts';
import { installLocalPeerHost } from './local-peer-host.ts';

installLocalPeerHost({
  startAgent: (options) => OspAgent.start(options),
  /**
   * `OFFGRID_ORIGIN` (default `node:` + program name), `OFFGRID_NAME` (default host name), `OFFGRID_STATE_DIR`
   * (default `~/.offgrid`), `OFFGRID_INTERFACE`, with the terminal prompt delegate.
   */
  defaultManagerOptions() {
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
    return {
      origin: process.env.OFFGRID_ORIGIN ?? `node:${process.argv[1]?.split('/').pop() ?? 'program'}`,
      prompt: new TerminalPromptDelegate({ input: process.stdin, output: process.stdout, interactive }),
      agent: {
        displayName: process.env.OFFGRID_NAME ?? hostname(),
        stateDir: process.env.OFFGRID_STATE_DIR ?? join(homedir(), '.offgrid'),
        interfaceAddress: process.env.OFFGRID_INTERFACE,
      },
    };
  },
});
