/**
 * A test host process for Local HTTPS across a LAN: one `OspAgent`, driven by JSON lines.
 *   argv: --name NAME --state-dir DIR --interface ADDR --role serve|proxy
 *   serve: serves Local HTTPS with the agent identity on ADDR and advertises its port (`https` TXT key);
 *          every answer says who asked (client fingerprint) and whether that agent is paired with us.
 *   proxy: runs the page proxy on a loopback HTTP server (`proxyPort`), grants from the trust store.
 *   stdin:  {"op":"pair","fingerprint"} | {"op":"psk","psk"} | {"op":"grant","fingerprint","origin"}
 *           | {"op":"fetch","fingerprint","path","origin"} | {"op":"stop"}
 *   stdout: {"event":"started","fingerprint","httpsPort"?,"proxyPort"?} {"event":"peers","peers":[…]}
 *           {"event":"psk","psk"} {"event":"paired"|"pair-failed",…} {"event":"granted"}
 *           {"event":"fetched","status","body"} {"event":"stopped"}
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { peerRecord } from '../../agent/index.ts';
import { OspAgent } from '../../agent/node.ts';
import { IdentityStore, toInstanceName } from '../../identity/index.ts';
import { ProgrammaticPromptDelegate } from '../../trust/index.ts';
import { agentLocalHttpsPeers } from '../agent-peers.ts';
import { clientFingerprint, type LocalHttpsServer, serveLocalHttps } from '../local-https-server.ts';
import { createPeerProxy } from '../peer-proxy.ts';
import { peerProxyPath } from '../peer-proxy-path.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    role: { type: 'string' },
  },
});
const emit = (event: string, data: object = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
const name = values.name ?? 'local-https host';
const stateDir = values['state-dir'] ?? '.offgrid-local-https';
const interfaceAddress = values.interface;

// The PSK typed in from stdin may arrive before or after the agent asks for it.
let typedPsk: string | undefined;
let pskWaiter: ((psk: string) => void) | undefined;
const prompt = new ProgrammaticPromptDelegate({
  onShowPsk: (psk) => emit('psk', { psk: psk.numeric }),
  providePsk: () =>
    typedPsk !== undefined ? typedPsk : new Promise<string>((resolve) => (pskWaiter = resolve)),
});

let agent: OspAgent | undefined;
let https: LocalHttpsServer | undefined;
if (values.role === 'serve') {
  // The server starts first so that its port is in the advertisement; it uses the same identity the agent loads.
  const identity = await new IdentityStore(stateDir).load({
    instanceName: toInstanceName(name),
    modelName: 'Offgrid',
  });
  https = await serveLocalHttps({
    identity,
    host: interfaceAddress,
    handler: (req, res) => {
      const client = clientFingerprint(req);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          from: name,
          path: req.url,
          client,
          paired: !!client && !!agent?.trustStore.isAuthenticated(client),
        }),
      );
    },
  });
}
const started = await OspAgent.start({
  displayName: name,
  stateDir,
  interfaceAddress,
  prompt,
  ...(https && { localHttpsPort: https.port }),
});
agent = started;
let proxyPort: number | undefined;
if (values.role === 'proxy') {
  const proxy = createPeerProxy({
    credentials: started.identity,
    peers: agentLocalHttpsPeers(started),
    isGranted: (origin, fingerprint) => started.trustStore.hasGrant(fingerprint, origin),
  });
  const server = createServer((req, res) => void proxy(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxyPort = (server.address() as AddressInfo).port;
}
emit('started', { fingerprint: started.fingerprint, httpsPort: https?.port, proxyPort });
started.addEventListener('peerschange', () => emit('peers', { peers: started.peers().map(peerRecord) }));

/** What a page would do: ask the loopback proxy, with the Host and Origin a browser sets. */
function fetchThroughProxy(fingerprint: string, path: string, origin: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: proxyPort,
        path: peerProxyPath(fingerprint, path),
        headers: { host: `127.0.0.1:${proxyPort}`, origin },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as {
    op: string;
    fingerprint?: string;
    psk?: string;
    path?: string;
    origin?: string;
  };
  const fingerprint = command.fingerprint ?? '';
  if (command.op === 'psk' && command.psk) {
    if (pskWaiter) pskWaiter(command.psk);
    else typedPsk = command.psk;
  } else if (command.op === 'pair') {
    started.pair(fingerprint).then(
      () => emit('paired', { fingerprint }),
      (error: unknown) => emit('pair-failed', { message: String(error) }),
    );
  } else if (command.op === 'grant') {
    await started.trustStore.setGrant(fingerprint, command.origin ?? '', true);
    emit('granted');
  } else if (command.op === 'fetch') {
    const answer = await fetchThroughProxy(fingerprint, command.path ?? '/', command.origin ?? '');
    emit('fetched', answer);
  } else if (command.op === 'stop') break;
}
await https?.close();
await started.stop();
emit('stopped');
process.exit(0);
