/**
 * Survey photos as blobs through the real system, between network namespaces: devices A and B run `offgrid up`
 * (the built-in field survey), paired and granted the app's origin on both sides; a third namespace runs
 * `offgrid serve`, unreachable at first, A's `--server`. A page stand-in on B hands a photo to B's agent (the
 * page's blob endpoint) and records a submission naming it: with no page open anywhere else, the photo reaches
 * A's replica over the agents' `offgrid-blobs/field-survey` channel, because the submission synced to A names it
 * (`fieldSurveyApp.watchBlobReferences`). A photo taken on A reaches B the same way. Once A gets a route, both
 * photos reach the server through A (`GET /api/blobs/<sha256>` byte-identical).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteBlobStore, SqliteDocumentStore } from '@offgrid/framework/node';
import { SERVE_PORT } from '@offgrid/server/testing';
import { type LanHost, LineProcess, lanUnavailableReason, pollUntil } from '@offgrid/transport-lp2p/testing';
import { type MuleLan, startMuleAgents, startMuleLan } from './testing/mule-lan.ts';
import { type UpDevice as Device, upArgs } from './testing/up-devices.ts';

const skip = lanUnavailableReason();
const CLIENT = join(import.meta.dirname, 'testing', 'photo-client.ts');
const FETCH = join(import.meta.dirname, 'testing', 'fetch-blob.ts');
const APP_LINE = /^field-survey: http:\/\/127\.0\.0\.1:(?<port>\d+)\/field-survey\/$/;
const PHOTO_BYTES = 1024 * 1024;

/** The blobs in a device's replica, read beside the running agent (WAL allows it). */
async function blobsOn(device: Device): Promise<string[]> {
  const store = new SqliteBlobStore(join(device.stateDir, 'apps', 'field-survey.blobs.db'));
  try {
    return (await store.list()).sort();
  } finally {
    await store.close();
  }
}

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 60_000) =>
  pollUntil(read, ok, what, ms);

describe('survey photos as blobs through offgrid up, between namespaces', { skip }, () => {
  let scene: MuleLan | undefined;
  const running: LineProcess[] = [];
  after(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await scene?.close();
  });

  it('a photo taken on B reaches A, one taken on A reaches B, and both reach the server through A', async () => {
    scene = await startMuleLan({ name: 'blobs-lan', token: 'team', prefixes: ['survey/'] });
    const { a, b, cloud, link } = scene;
    // Paired and granted as the trusted UI records it, then started; A's with the server.
    const { upA, upB, tokens } = await startMuleAgents(scene, upArgs, APP_LINE, 60_000, running);

    const photo = async (device: Device, seed: string): Promise<string> => {
      const client = new LineProcess(device.host, [
        CLIENT,
        String(device.port),
        tokens.get(device) as string,
        seed,
        String(PHOTO_BYTES),
      ]);
      const line = await client
        .waitForLine((l) => l.startsWith('photo '), 30_000)
        .catch((error: Error) => {
          throw new Error(
            `photo ${seed}: ${error.message}\nA: ${upA.lines.join('\n')}\nB: ${upB.lines.join('\n')}`,
          );
        });
      assert.equal(await client.exited, 0);
      return line.slice('photo '.length);
    };

    const started = Date.now();
    const fromB = await photo(b, 'taken on B');
    assert.deepEqual(await blobsOn(b), [fromB], 'the page handed it to its agent');
    await until(
      () => blobsOn(a),
      (held) => held.includes(fromB),
      'B’s photo on A',
    ).catch(async (error: Error) => {
      const docs = async (d: Device) => {
        const store = new SqliteDocumentStore(join(d.stateDir, 'apps', 'field-survey.db'));
        try {
          return (await store.list()).join(' ');
        } finally {
          await store.close();
        }
      };
      throw new Error(
        `${error.message}\nA docs: ${await docs(a)}\nB docs: ${await docs(b)}\nA: ${upA.lines.join('\n')}\nB: ${upB.lines.join('\n')}`,
      );
    });
    console.log(`a 1 MiB photo from B's page reached A's replica in ${Date.now() - started} ms`);
    const fromA = await photo(a, 'taken on A');
    const both = [fromA, fromB].sort();
    await until(
      () => blobsOn(b),
      (held) => held.includes(fromA),
      'A’s photo on B',
    );
    assert.deepEqual(await blobsOn(a), both, 'each photo held once on A');
    assert.deepEqual(await blobsOn(b), both, 'each photo held once on B');

    // A gets a route: its replica uploads what the submissions name, B's photo included (the data mule).
    await link.up();
    const uploadStarted = Date.now();
    for (const hash of both) {
      const answer = await until(
        async () => {
          const fetcher = new LineProcess(cloud as unknown as LanHost, [
            FETCH,
            `http://127.0.0.1:${SERVE_PORT}`,
            'team',
            hash,
          ]);
          const line = await fetcher.waitForLine((l) => l.startsWith('status '), 10_000);
          await fetcher.exited;
          return line;
        },
        (line) => line.startsWith('status 200 '),
        `photo ${hash} on the server`,
        90_000,
      );
      assert.equal(answer, `status 200 bytes ${PHOTO_BYTES} sha256 ${hash}`, 'byte-identical on the server');
    }
    console.log(
      `both photos reached the server through A in ${Date.now() - uploadStarted} ms after its route`,
    );
  });
});
