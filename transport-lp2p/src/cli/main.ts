import { runAgentCommand } from './agent-command.ts';
import { UsageError } from './cli-options.ts';
import { runPeersCommand } from './peers-command.ts';

const USAGE = `usage: offgrid <command> [options]

commands:
  agent --name NAME --state-dir DIR [--interface ADDR] [--port N] [--json]
        run an agent that advertises itself and browses for others until interrupted
  peers [--json] [--state-dir DIR] [--interface ADDR] [--wait MS]
        list the agents on the LAN: name, verified or not, fingerprint, addresses, port, transports`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  agent: runAgentCommand,
  peers: runPeersCommand,
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
  console.error(`offgrid: ${message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
