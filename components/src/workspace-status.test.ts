import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeStatus } from './format.ts';
import { fromWorkspaceStatus } from './workspace-status.ts';

const NOW = Date.UTC(2026, 11, 1, 14, 30);

it("turns the framework's WorkspaceStatus into the badge's words, unknown counts without a number", () => {
  const status = fromWorkspaceStatus(
    {
      connectivity: 'nearby only',
      documents: [
        {
          name: 'a',
          notOnAnyPeer: { count: 2, oldestAgeMs: 3_600_000 },
          notOnServer: { count: null, oldestAgeMs: null },
          lastServerConfirmation: null,
        },
        {
          name: 'b',
          notOnAnyPeer: { count: 0, oldestAgeMs: null },
          notOnServer: { count: 0, oldestAgeMs: null },
          lastServerConfirmation: NOW - 60_000,
        },
      ],
    },
    NOW,
  );
  assert.deepEqual(status.documents[0], {
    name: 'a',
    notOnAnyPeer: 2,
    notOnServer: 2,
    notOnServerKnown: false,
    oldestUnconfirmedAt: NOW - 3_600_000,
  });
  const words = describeStatus(status, NOW, 'en');
  assert.equal(
    words.summary,
    'Changes not yet confirmed by the server, 2 only on this device, oldest 1 hr. ago',
  );
  assert.match(words.documents[1]?.text ?? '', /^all saved on the server at /);
});
