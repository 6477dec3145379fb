import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../errors/gateway-error.ts';
import { decodeConfirmation, encodeConfirmation, serverConfirmedType } from './confirmation-message.ts';

describe('server confirmation message', () => {
  it('round-trips a state vector and a time', () => {
    const stateVector = new Map([
      [1, 5],
      [4_294_967_295, 123_456],
    ]);
    const payload = encodeConfirmation({ stateVector, at: 1_796_000_000_000 });
    assert.equal(JSON.parse(payload).type, serverConfirmedType);
    assert.deepEqual(decodeConfirmation(payload), { stateVector, at: 1_796_000_000_000 });
  });

  it('leaves other stateless messages alone', () => {
    assert.equal(decodeConfirmation('{"type":"cursor-jump","to":4}'), null);
    assert.equal(decodeConfirmation('not json at all'), null);
    assert.equal(decodeConfirmation(`{"type":"other","note":"${serverConfirmedType}"}`), null);
  });

  it('refuses malformed and oversized confirmations with a typed error', () => {
    const bad = [
      `{"type":"${serverConfirmedType}","v":2,"sv":"AA==","at":1}`,
      `{"type":"${serverConfirmedType}","v":1,"sv":"AA==","at":-1}`,
      `{"type":"${serverConfirmedType}","v":1,"sv":"AA==","at":1.5}`,
      `{"type":"${serverConfirmedType}","v":1,"at":1}`,
      `{"type":"${serverConfirmedType}","v":1,"sv":"AQ==","at":1}`, // 1 client, no numbers: truncated
      `{"type":"${serverConfirmedType}","v":1,"sv":"/////w8=","at":1}`, // claims 2^32-1 clients
      `{"type":"${serverConfirmedType}","v":1,"sv":"${'A'.repeat(300_000)}","at":1}`,
    ];
    for (const payload of bad) {
      assert.throws(
        () => decodeConfirmation(payload),
        (e: unknown) => e instanceof GatewayError && e.code === 'invalid-confirmation',
        payload.slice(0, 80),
      );
    }
  });
});
