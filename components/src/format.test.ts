import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeDocument,
  describeStatus,
  formatAgo,
  formatBytes,
  formatClock,
  formatRemaining,
} from './format.ts';

const NOW = Date.UTC(2026, 11, 1, 14, 30);
const ago = (ms: number) => NOW - ms;

describe('plain-language sync status', () => {
  it('counts changes not on the server with the age of the oldest', () => {
    assert.equal(
      describeDocument(
        { notOnAnyPeer: 0, notOnServer: 3, oldestUnconfirmedAt: ago(2 * 3600_000 + 5) },
        NOW,
        'en',
      ),
      '3 changes not yet on the server, oldest 2 hr. ago',
    );
    assert.equal(
      describeDocument({ notOnAnyPeer: 1, notOnServer: 1 }, NOW, 'en'),
      '1 change not yet on the server, 1 only on this device',
    );
  });

  it("says when all was saved, in the locale's clock", () => {
    const at = Date.UTC(2026, 11, 1, 14, 2);
    assert.equal(
      describeDocument({ notOnAnyPeer: 0, notOnServer: 0, lastServerConfirmationAt: at }, NOW, 'en-GB'),
      `all saved on the server at ${formatClock(at, NOW, 'en-GB')}`,
    );
    assert.match(formatClock(at, NOW, 'en-GB'), /^\d\d:02$/);
    assert.match(formatClock(at - 3 * 86_400_000, NOW, 'en-GB'), /Nov/);
    assert.equal(describeDocument({ notOnAnyPeer: 0, notOnServer: 0 }, NOW), 'nothing to save yet');
  });

  it('sums the workspace: the oldest change overall; "all saved" only when every document was confirmed', () => {
    const status = describeStatus(
      {
        connectivity: 'nearby only',
        documents: [
          { name: 'a', notOnAnyPeer: 0, notOnServer: 2, oldestUnconfirmedAt: ago(5 * 60_000) },
          { name: 'b', notOnAnyPeer: 1, notOnServer: 1, oldestUnconfirmedAt: ago(3 * 86_400_000) },
        ],
      },
      NOW,
      'en',
    );
    assert.equal(status.connectivity, 'Nearby only');
    assert.equal(status.summary, '3 changes not yet on the server, 1 only on this device, oldest 3 days ago');
    assert.deepEqual(
      status.documents.map((doc) => doc.name),
      ['a', 'b'],
    );
    const partly = describeStatus(
      {
        connectivity: 'online',
        documents: [
          { name: 'a', notOnAnyPeer: 0, notOnServer: 0, lastServerConfirmationAt: NOW },
          { name: 'b', notOnAnyPeer: 0, notOnServer: 0 },
        ],
      },
      NOW,
      'en',
    );
    assert.equal(partly.summary, 'Nothing to save yet');
  });

  it('follows the locale for relative times', () => {
    assert.equal(formatAgo(ago(10_000), NOW, 'en'), 'now');
    assert.equal(formatAgo(ago(3600_000), NOW, 'de'), 'vor 1 Std.');
    // A clock that runs behind (a change "from the future") reads as now rather than "in 5 min."
    assert.equal(formatAgo(NOW + 300_000, NOW, 'en'), 'now');
  });
});

describe('transfer figures', () => {
  it('formats bytes, rates and time left', () => {
    assert.equal(formatBytes(999, 'en'), '999 bytes');
    assert.equal(formatBytes(1_530_000, 'en'), '1.5 MB');
    assert.equal(formatBytes(2_000_000_000_000, 'en'), '2,000 GB');
    assert.equal(formatRemaining(40_000, 'en'), 'in 40 sec.');
    assert.equal(formatRemaining(3 * 60_000, 'en'), 'in 3 min.');
    assert.equal(formatRemaining(undefined, 'en'), '');
    assert.equal(formatRemaining(Number.POSITIVE_INFINITY, 'en'), '');
  });
});
