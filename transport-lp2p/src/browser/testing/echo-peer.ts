/**
 * A Node LP2P program for the browser tests, on the other device: receives connections (or, with `request`, asks
 * for one) and echoes every message of every data channel back, text as text and binary as binary. Plays the user
 * agent's part as the draft examples' environment does: PSKs as `PSK: …` lines out, typed PSKs in on stdin.
 *
 * Usage: node echo-peer.ts receive|request   (OFFGRID_NAME, OFFGRID_STATE_DIR, OFFGRID_INTERFACE)
 */
import type { LP2PConnection, LP2PQuicTransport } from '../../api/index.ts';
import {
  configureLocalPeerManager,
  LP2PQuicTransportListener,
  LP2PReceiver,
  LP2PRequest,
} from '../../api/index.ts';
import '../../api/node.ts';
import { ProgrammaticPromptDelegate } from '../../trust/index.ts';
import { LineInput } from '../../trust/node.ts';

const lines = new LineInput(process.stdin);
configureLocalPeerManager({
  origin: 'https://echo.test',
  discoveryWaitMs: 2500,
  prompt: new ProgrammaticPromptDelegate({
    onShowPsk: (psk) => console.log(`PSK: ${psk.numeric}`),
    providePsk: (_peer, signal) => lines.read('', signal),
  }),
  agent: {
    displayName: process.env.OFFGRID_NAME ?? 'echo',
    stateDir: process.env.OFFGRID_STATE_DIR ?? '.offgrid-echo',
    interfaceAddress: process.env.OFFGRID_INTERFACE,
  },
});

function echo(connection: LP2PConnection): void {
  console.log('echo: connection');
  connection.ondatachannel = ({ channel }) => {
    console.log(`echo: channel ${channel.label}`);
    channel.onmessage = ({ data }) => channel.send(data);
    channel.onclose = () => console.log(`echo: channel ${channel.label} closed`);
  };
  connection.onclose = () => console.log('echo: connection closed');
}

/** Echoes every WebTransport session's bidirectional streams and datagrams. */
async function echoTransport(transport: LP2PQuicTransport): Promise<void> {
  await transport.ready;
  console.log('echo: transport');
  void (async () => {
    const writer = transport.datagrams.writable.getWriter();
    for await (const datagram of transport.datagrams.readable) await writer.write(datagram);
  })().catch(() => {});
  for await (const { readable, writable } of transport.incomingBidirectionalStreams) {
    void readable.pipeTo(writable).catch(() => {});
  }
}

if (process.argv[2] === 'request') {
  echo(await new LP2PRequest({ nickname: 'echo' }).start());
} else {
  const receiver = new LP2PReceiver({ nickname: 'echo' });
  receiver.onconnection = ({ connection }) => echo(connection);
  await receiver.start();
  void (async () => {
    for await (const transport of new LP2PQuicTransportListener(receiver).incomingTransports) {
      void echoTransport(transport).catch(() => {});
    }
  })();
  console.log('echo: discoverable');
}
