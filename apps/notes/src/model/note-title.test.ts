import assert from 'node:assert/strict';
import { it } from 'node:test';
import { titleOf } from './note-title.ts';

it('is the first line with words, without Markdown markers', () => {
  assert.equal(titleOf('Shopping\nmilk'), 'Shopping');
  assert.equal(titleOf('\n\n  # Trip to Lisbon  \nbook'), 'Trip to Lisbon');
  assert.equal(titleOf('### Notes'), 'Notes');
  assert.equal(titleOf('> quoted idea'), 'quoted idea');
  assert.equal(titleOf('- [ ] buy stamps'), 'buy stamps');
  assert.equal(titleOf('* item'), 'item');
  assert.equal(titleOf('#hashtag stays'), '#hashtag stays');
});

it('is empty for a note with no words, and cut when very long', () => {
  assert.equal(titleOf(''), '');
  assert.equal(titleOf('\n   \n#  \n'), '');
  const long = titleOf('x'.repeat(500));
  assert.equal(long.length, 120);
  assert.ok(long.endsWith('…'));
});
