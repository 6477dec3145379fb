/**
 * A hostile client, run as a process of its own by `hostile.test.ts` so that its work does not slow the
 * well-behaved client the test measures: it keeps `SOCKETS` connections to the server and sends random frames
 * and mutated well-formed ones (a valid token's auth first, so the damaged frames reach Yjs) until it has sent
 * `count` frames or `seconds` have passed, then prints `{"sent": N, "sockets": M}`.
 * Usage: node hostile-client.ts URL TOKEN DOCUMENT_PREFIX COUNT SECONDS SEED
 */
import * as prng from 'lib0/prng';
import WebSocket from 'ws';
import { mutateFrame, seedFrames } from './hostile-frames.ts';

const [url, token, prefix, countText, secondsText, seedText] = process.argv.slice(2);
if (url === undefined || token === undefined || prefix === undefined)
  throw new Error('usage: hostile-client.ts URL TOKEN DOCUMENT_PREFIX COUNT SECONDS SEED');
const count = Number(countText);
const deadline = Date.now() + Number(secondsText) * 1000;
const gen = prng.create(Number(seedText));
const SOCKETS = 4;
const names = [0, 1, 2].map((i) => `${prefix}${i}`);
const seeds = names.map((name) => seedFrames(gen, name, token));
let sent = 0;
let opened = 0;

function frame(): Uint8Array {
  const roll = prng.int31(gen, 0, 9);
  if (roll < 3) return prng.uint8Array(gen, prng.int31(gen, 0, 64)); // noise
  const pool = prng.oneOf(gen, seeds);
  const seed = prng.oneOf(gen, pool);
  return roll < 4 ? seed : mutateFrame(gen, seed);
}

async function runSocket(): Promise<void> {
  while (sent < count && Date.now() < deadline) {
    opened++;
    const ws = new WebSocket(url as string);
    await new Promise<void>((resolve) => {
      ws.on('error', () => resolve());
      ws.on('close', () => resolve());
      ws.on('open', () => {
        for (const pool of seeds) ws.send(pool[0] as Uint8Array); // authenticate each document
        const pump = () => {
          if (ws.readyState !== WebSocket.OPEN) return resolve();
          if (sent >= count || Date.now() >= deadline) {
            ws.close();
            return resolve();
          }
          for (let i = 0; i < 50 && ws.bufferedAmount < 64 * 1024; i++) {
            ws.send(frame());
            sent++;
          }
          setTimeout(pump, 1);
        };
        pump();
      });
    });
  }
}

await Promise.all(Array.from({ length: SOCKETS }, runSocket));
process.stdout.write(`${JSON.stringify({ sent, sockets: opened })}\n`);
process.exit(0);
