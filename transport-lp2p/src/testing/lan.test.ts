import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { createLan, lanUnavailableReason } from './lan.ts';

const skip = lanUnavailableReason();
const rootLinks = () => spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
const namespaces = () => spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;

test('lanUnavailableReason says why the fixture cannot run, or nothing when it can', () => {
  const reason = lanUnavailableReason();
  if (process.getuid?.() !== 0) assert.match(String(reason), /needs root/);
  else if (spawnSync('ip', ['-V']).error) assert.match(String(reason), /iproute2/);
  else assert.ok(reason === undefined || reason.startsWith('cannot create network namespaces'), reason);
});

test('hosts reach each other, the root namespace is untouched, close removes everything', {
  skip,
}, async () => {
  const before = rootLinks();
  const lan = await createLan(2);
  const [a, b] = lan.hosts;
  assert.ok(a && b);
  assert.notEqual(a.address, b.address);
  try {
    // Unicast UDP round trip from host a to host b (no ping binary needed).
    const echo = `const s = require('node:dgram').createSocket('udp4');
      s.on('message', (m, r) => s.send(m, r.port, r.address, () => s.close()));
      s.bind(7000, '${b.address}', () => console.log('up'));`;
    const server = b.spawn(process.execPath, ['-e', echo], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => server.stdout?.once('data', resolve));
    const hello = `const s = require('node:dgram').createSocket('udp4');
      setTimeout(() => process.exit(1), 2000).unref();
      s.on('message', () => process.exit(0));
      s.send('hi', 7000, '${b.address}');`;
    const client = a.spawn(process.execPath, ['-e', hello], { stdio: 'ignore' });
    const code = await new Promise((resolve) => client.once('exit', resolve));
    assert.equal(code, 0, `${a.namespace} got no UDP echo from ${b.address}`);
    const route = spawnSync('ip', ['-n', a.namespace, 'route', 'show', '224.0.0.0/4'], { encoding: 'utf8' });
    assert.match(route.stdout, /dev eth0/);
    assert.equal(rootLinks(), before);
  } finally {
    await lan.close();
  }
  assert.ok(!namespaces().includes(a.namespace));
  assert.equal(rootLinks(), before);
});

test('close kills children still running in the namespaces', { skip }, async () => {
  const lan = await createLan(1);
  const child = lan.hosts[0]?.spawn('sleep', ['30'], { stdio: 'ignore' });
  await new Promise((resolve) => child?.once('spawn', resolve));
  await lan.close();
  assert.equal(child?.signalCode, 'SIGKILL');
});

test('namespaces left by a dead test process are removed', { skip }, async () => {
  const dead = spawn('true');
  await new Promise((resolve) => dead.once('exit', resolve));
  const stale = `oglan-${dead.pid}-dead00-sw`;
  assert.equal(spawnSync('ip', ['netns', 'add', stale]).status, 0);
  const lan = await createLan(1);
  await lan.close();
  assert.ok(!namespaces().includes(stale));
});
