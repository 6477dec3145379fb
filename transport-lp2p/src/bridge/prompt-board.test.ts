import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BridgeError } from '../errors/index.ts';
import { PromptBoard } from './prompt-board.ts';

const yesNo = (answer: unknown) => (typeof answer === 'boolean' ? answer : undefined);

it('resolves with the answer, ignores answers that do not fit, and removes the prompt', async () => {
  const board = new PromptBoard();
  const asked = board.ask({ kind: 'site', origin: 'https://a.test' }, new AbortController().signal, yesNo);
  const [prompt] = board.prompts();
  assert.equal(prompt?.kind, 'site');
  assert.equal(board.answer(prompt?.id ?? 0, 'yes please'), false, 'not a boolean');
  assert.equal(board.answer(999, true), false, 'no such prompt');
  assert.equal(board.answer(prompt?.id ?? 0, true), true);
  assert.equal(await asked, true);
  assert.deepEqual(board.prompts(), []);
});

it('goes away when the asker gives up, and wakes long polls on every change', async () => {
  const board = new PromptBoard();
  const gone = new AbortController();
  const asked = board.ask({ kind: 'grant', origin: 'https://a.test' }, gone.signal, yesNo);
  const version = board.version;
  const changed = board.changed(version, new AbortController().signal);
  gone.abort(new Error('left'));
  await changed;
  await assert.rejects(asked, /left/);
  assert.deepEqual(board.prompts(), []);
  assert.ok(board.version > version);
});

it('bounds prompts per origin and in all', async () => {
  const board = new PromptBoard({ maxPrompts: 3, maxPerOrigin: 2 });
  const signal = new AbortController().signal;
  const pending = [
    board.ask({ kind: 'site', origin: 'https://a.test' }, signal, yesNo),
    board.ask({ kind: 'advertise', origin: 'https://a.test' }, signal, yesNo),
  ];
  const limited = (error: unknown) => error instanceof BridgeError && error.code === 'limit-exceeded';
  await assert.rejects(board.ask({ kind: 'grant', origin: 'https://a.test' }, signal, yesNo), limited);
  pending.push(board.ask({ kind: 'site', origin: 'https://b.test' }, signal, yesNo));
  await assert.rejects(board.ask({ kind: 'site', origin: 'https://c.test' }, signal, yesNo), limited);
  assert.equal(board.prompts().length, 3);
  for (const prompt of board.prompts()) board.answer(prompt.id, false);
  assert.deepEqual(await Promise.all(pending), [false, false, false]);
});
