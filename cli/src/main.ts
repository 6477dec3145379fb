import { serveMain } from '@offgrid/server';
import { terminalSafe } from '@offgrid/transport-lp2p/node';
import { runAgentCommand } from './agent-command.ts';
import { UsageError } from './cli-options.ts';
import { runPairCommand } from './pair-command.ts';
import { runPeersCommand } from './peers-command.ts';
import { runReceiveCommand } from './receive-command.ts';
import { runSendCommand } from './send-command.ts';
import { runTrustedCommand, runUnpairCommand } from './trust-commands.ts';
import { runUpCommand } from './up-command.ts';

const USAGE = `usage: offgrid <command> [options]

commands:
  agent --name NAME --state-dir DIR [--interface ADDR] [--port N] [--psk-ease N] [--ui-port P] [--json]
        run an agent that advertises itself, browses for others and answers pairing until interrupted;
        without a terminal it presents PSKs as a line 'PSK: <digits>' and reads PSKs from standard input;
        --ui-port P serves the loopback bridge for web pages and takes prompts in its trusted UI instead
  peers [--json] [--state-dir DIR] [--interface ADDR] [--wait MS]
        list the agents on the LAN: name, verified or not, fingerprint, addresses, port, transports
  pair [FINGERPRINT] [--state-dir DIR] [--interface ADDR] [--name NAME] [--psk-ease N] [--wait MS]
       [--transport quic|tcp]
        pair with an agent (choose one when no FINGERPRINT is given); reads the PSK from standard input
        when that is not a terminal; exits 0 when paired or already trusted
  trusted [--json] [--state-dir DIR]
        list the agents this one has paired with
  unpair FINGERPRINT [--state-dir DIR]
        forget a paired agent; it must pair again
  send FILE… [--to FINGERPRINT…] [--state-dir DIR] [--interface ADDR] [--wait MS]
        push files to trusted peers nearby (default: every trusted peer present); a progress line per peer,
        then a result line per peer and file; exits 0 only when every named peer confirmed every file
  receive --dir DIR [--accept-all] [--state-dir DIR] [--interface ADDR] [--name NAME]
        receive pushes from trusted peers into DIR until interrupted, printing 'SHA256  PATH' per file;
        without --accept-all asks on the terminal, and declines when there is none
  serve --port P --data FILE.sqlite --tokens FILE [--host ADDR] [--redis URL]
        run the sync server (Hocuspocus with SQLite storage and token access); 'offgrid serve --help'
  up [--name NAME] [--state-dir DIR] [--interface ADDR] [--port N] [--ui-port P]
        run the agent with the loopback bridge for web pages and the trusted UI; prints 'ui: URL' when ready`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  agent: runAgentCommand,
  peers: runPeersCommand,
  pair: runPairCommand,
  trusted: runTrustedCommand,
  unpair: runUnpairCommand,
  send: runSendCommand,
  receive: (args) => runReceiveCommand(args),
  // Prints its own errors and usage, and returns 2 on a usage error.
  serve: serveMain,
  up: runUpCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command '${name}'`);
  return command(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // Messages may quote remote names or argv: neither may drive the terminal.
  console.error(`offgrid: ${terminalSafe(message)}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
