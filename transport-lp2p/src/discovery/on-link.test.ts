import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { networkInterfaces } from 'node:os';
import { describe, it, test } from 'node:test';
import { OnLinkFilter } from './on-link.ts';

const local = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .filter((info) => info.family === 'IPv4');

test('addresses in a local subnet and link-local ones are on-link; others are not', () => {
  const filter = new OnLinkFilter();
  for (const info of local) assert.ok(filter.has(info.address), info.address);
  assert.ok(filter.has('169.254.10.20'));
  // TEST-NET-3 (RFC 5737) is documentation space, never configured on a real link.
  assert.equal(filter.has('203.0.113.9'), false);
});

const loopback = local.find((info) => info.internal);
const external = local.find((info) => !info.internal);
const needsBoth = loopback && external ? undefined : 'needs a loopback and an external IPv4 interface';

test('with an interface address only that interface’s subnet counts', { skip: needsBoth }, () => {
  const filter = new OnLinkFilter(loopback?.address);
  assert.ok(filter.has('127.0.0.2'));
  assert.equal(filter.has(external?.address ?? ''), false);
});

describe('addresses an A record may name: unicast hosts of the link the response came in on', () => {
  const info = (address: string, cidr: string, internal = false) =>
    ({ address, cidr, family: 'IPv4', internal, netmask: '', mac: '' }) as NetworkInterfaceInfo;
  const interfaces = () => [info('127.0.0.1', '127.0.0.1/8', true), info('10.9.8.2', '10.9.8.2/24')];
  const filter = new OnLinkFilter(undefined, { interfaces });
  const neighbour = '10.9.8.7';

  it('takes a neighbour of the responder’s subnet, the responder itself included', () => {
    assert.ok(filter.isUnicastNeighbour('10.9.8.7', neighbour));
    assert.ok(filter.isUnicastNeighbour('10.9.8.200', neighbour));
    assert.ok(filter.isUnicastNeighbour('10.9.8.2', neighbour));
  });

  it('refuses loopback, unspecified, broadcast, multicast, reserved and off-link addresses', () => {
    for (const address of [
      '127.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '10.9.8.255',
      '10.9.8.0',
      '224.0.0.251',
      '239.1.2.3',
      '240.0.0.1',
      '8.8.8.8',
      '10.9.9.7',
      '169.254.1.1',
      'not an address',
    ]) {
      assert.equal(filter.isUnicastNeighbour(address, neighbour), false, address);
    }
  });

  it('refuses everything from a responder on no link of ours, or outside the chosen interface', () => {
    assert.equal(filter.isUnicastNeighbour('10.9.8.7', '192.0.2.1'), false);
    const onlyLoopback = new OnLinkFilter('127.0.0.1', { interfaces });
    assert.equal(onlyLoopback.isUnicastNeighbour('10.9.8.7', neighbour), false);
    // On the loopback link itself, loopback addresses are the neighbours.
    assert.ok(onlyLoopback.isUnicastNeighbour('127.0.0.1', '127.0.0.1'));
  });

  it('link-local addresses are neighbours of link-local responders only', () => {
    assert.ok(filter.isUnicastNeighbour('169.254.7.7', '169.254.3.3'));
    assert.equal(filter.isUnicastNeighbour('169.254.7.7', neighbour), false);
  });

  it('re-reads the interfaces after five seconds', () => {
    let now = 0;
    let list = interfaces();
    const changing = new OnLinkFilter(undefined, { now: () => now, interfaces: () => list });
    assert.ok(changing.isUnicastNeighbour('10.9.8.7', neighbour));
    list = [info('10.1.1.2', '10.1.1.2/24')];
    now = 4_000;
    assert.ok(changing.isUnicastNeighbour('10.9.8.7', neighbour));
    now = 6_000;
    assert.equal(changing.isUnicastNeighbour('10.9.8.7', neighbour), false);
  });
});
