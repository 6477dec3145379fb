import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type EventHandler, EventHandlerAttributes } from './event-handler-attribute.ts';
import { LP2PConnectionEvent } from './lp2p-connection-event.ts';
import { LP2PDataChannelEvent, LP2PErrorEvent } from './lp2p-events.ts';

class Target extends EventTarget {
  readonly handlers = new EventHandlerAttributes(this);
  get onping(): EventHandler<Target> {
    return this.handlers.get('ping');
  }
  set onping(handler: EventHandler<Target>) {
    this.handlers.set('ping', handler);
  }
}

it('calls the current handler with the target as this, keeping its place among listeners', () => {
  const target = new Target();
  const calls: string[] = [];
  target.onping = function () {
    calls.push(this === target ? 'first' : 'wrong this');
  };
  target.addEventListener('ping', () => calls.push('listener'));
  const second = () => calls.push('second');
  target.onping = second;
  assert.equal(target.onping, second);
  target.dispatchEvent(new Event('ping'));
  // Replacing the handler kept it ahead of the listener added after the first one.
  assert.deepEqual(calls, ['second', 'listener']);
});

it('removes the handler for null or anything not callable', () => {
  const target = new Target();
  let count = 0;
  target.onping = () => count++;
  target.onping = null;
  assert.equal(target.onping, null);
  target.dispatchEvent(new Event('ping'));
  target.onping = { handleEvent: () => count++ } as unknown as EventHandler<Target>;
  assert.equal(target.onping, null);
  target.dispatchEvent(new Event('ping'));
  assert.equal(count, 0);
});

it('requires the members the event init dictionaries mark required', () => {
  const init = {} as never;
  assert.throws(() => new LP2PConnectionEvent('connection', init), TypeError);
  assert.throws(() => new LP2PDataChannelEvent('datachannel', init), TypeError);
  assert.throws(() => new LP2PErrorEvent('error', init), TypeError);
  const error = new Error('x');
  assert.equal(new LP2PErrorEvent('error', { error }).error, error);
});
