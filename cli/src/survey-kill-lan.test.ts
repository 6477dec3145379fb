/**
 * Durability of the agent's replica under the survey page: a submission the page was told is on the agent (its
 * workspace's `notOnAnyPeer` 0 for the submission's documents: the agent acknowledged them) is in the replica's
 * SQLite file after `offgrid up` is killed with SIGKILL right then, and the restarted agent serves it to the page
 * again. A real `offgrid up` in a network namespace, a headless Chromium page of the survey, consent clicked in the
 * trusted UI.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FormSubmissions, submissionDocNames } from '@offgrid/field-survey';
import { householdValues, sampleForm } from '@offgrid/field-survey/testing';
import { SqliteDocumentStore } from '@offgrid/framework/node';
import {
  chromiumUnavailableReason,
  createLan,
  type Lan,
  type LanHost,
  lanUnavailableReason,
} from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import { evalIn, openPage, type SurveyDevice, startUp, withForm } from './testing/survey-devices.ts';

const skip = lanUnavailableReason() ?? chromiumUnavailableReason();
const FORM = 'household_needs';
const RUNS = 3;

/** The submission ids in the replica's database, read beside (or after) the agent. */
async function inReplica(stateDir: string): Promise<string[]> {
  const store = new SqliteDocumentStore(join(stateDir, 'apps', 'field-survey.db'));
  try {
    const docs = new Map<string, Y.Doc>();
    for (const name of submissionDocNames(FORM)) {
      const doc = new Y.Doc();
      for (const update of (await store.load(name)).updates) Y.applyUpdate(doc, update);
      docs.set(name, doc);
    }
    const submissions = new FormSubmissions(FORM, (name) => docs.get(name) as Y.Doc, {
      author: { device: 'reader', person: 'reader' },
    });
    return submissions.ids();
  } finally {
    await store.close();
  }
}

describe('offgrid up killed right after acknowledging a survey submission', { skip }, () => {
  let lan: Lan | undefined;
  let dir = '';
  let device: SurveyDevice | undefined;
  after(async () => {
    await device?.pilot?.stop().catch(() => undefined);
    await device?.browser?.stop();
    await device?.up?.stop();
    await lan?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`loses nothing it acknowledged (${RUNS} kills)`, async () => {
    lan = await createLan(1);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-survey-kill-'));
    const host = lan.hosts[0] as LanHost;
    const d: SurveyDevice = {
      name: 'a',
      host,
      stateDir: join(dir, 'a'),
      extra: [],
      fingerprint: '',
      appUrl: '',
      tab: 0,
    };
    device = d;
    await startUp(d);
    await openPage(d, 'person=Awa&device=tablet-a');
    const form = await sampleForm('household-needs');
    await evalIn(d, `globalThis.offgridSurvey.session.importForm(${JSON.stringify(form)}).then(() => true)`);

    const acknowledged: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      // The page links again to the restarted agent by itself; until then the acknowledgement waits.
      const { id, counted } = await withForm<{ id: string; counted: number }>(
        d,
        FORM,
        `const id = open.submissions.create(${JSON.stringify(form.version)}, ${JSON.stringify(householdValues(run))});
         const pending = () => survey.workspace.status().documents
           .filter((doc) => doc.name.startsWith('survey/${FORM}/submissions/'))
           .reduce((sum, doc) => sum + doc.notOnAnyPeer.count, 0);
         const counted = pending();
         while (pending() > 0) await new Promise((resolve) => setTimeout(resolve, 1));
         return { id, counted };`,
      );
      // The page counted its change as not yet on any peer, then heard the agent acknowledge it.
      assert.ok(counted > 0, `run ${run}: the change was counted before the acknowledgement`);
      acknowledged.push(id);
      await d.up?.stop('SIGKILL');
      const stored = await inReplica(d.stateDir);
      for (const want of acknowledged) assert.ok(stored.includes(want), `run ${run}: ${want} in the replica`);
      await startUp(d);
    }
    // The restarted agent holds them all (its page reconnected by itself).
    assert.deepEqual((await inReplica(d.stateDir)).sort(), [...acknowledged].sort());
  });
});
