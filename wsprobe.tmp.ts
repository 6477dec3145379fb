import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { launchChromium } from './transport-lp2p/src/testing/chromium.ts';

const size = Number(process.argv[2] ?? 262144);
const server = createServer((req, res) => res.end('<!doctype html><title>x</title>'));
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024 });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
wss.on('connection', (ws, req) => {
  const mode = req.url;
  if (mode === '/sink') {
    let got = 0;
    ws.on('message', (d: Buffer) => { got += d.length; if (got >= 64 * 1048576) { ws.send('done'); got = 0; } });
  } else if (mode === '/source') {
    ws.on('message', async () => {
      const chunk = Buffer.alloc(size, 1);
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1048576) {
          if (ws.bufferedAmount > 8 * 1048576) { setTimeout(pump, 1); return; }
          ws.send(chunk); sent += size;
        }
      };
      pump();
    });
  }
});
const chromium = await launchChromium();
const page = await chromium.browser.newPage();
await page.goto(`http://127.0.0.1:${port}/`);
const up = await page.evaluate(`(async () => {
  const ws = new WebSocket('ws://127.0.0.1:${port}/sink'); ws.binaryType = 'arraybuffer';
  await new Promise(r => ws.onopen = r);
  const msg = new Uint8Array(${size});
  const rates = [];
  for (let b = 0; b < 3; b++) {
    const done = new Promise(r => ws.onmessage = r);
    const t = performance.now();
    for (let s = 0; s < 64 * 1048576; s += msg.length) {
      while (ws.bufferedAmount > 8 * 1048576) await new Promise(r => setTimeout(r, 0));
      ws.send(msg);
    }
    await done; rates.push(64 * 1.048576 / ((performance.now() - t) / 1000));
  }
  return rates;
})()`);
const down = await page.evaluate(`(async () => {
  const rates = [];
  for (let b = 0; b < 3; b++) {
    const ws = new WebSocket('ws://127.0.0.1:${port}/source'); ws.binaryType = 'arraybuffer';
    await new Promise(r => ws.onopen = r);
    let got = 0; const t = performance.now();
    await new Promise(r => { ws.onmessage = (e) => { got += e.data.byteLength; if (got >= 64 * 1048576) r(); }; ws.send('go'); });
    rates.push(64 * 1.048576 / ((performance.now() - t) / 1000)); ws.close();
  }
  return rates;
})()`);
console.log(JSON.stringify({ size, up, down }));
await chromium.close();
server.close();
process.exit(0);
