import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AgentInfo,
  type DiscoveredAgent,
  type PeerSummary,
  peerRecord,
  summarizePeer,
  terminalSafeJson,
} from '@offgrid/transport-lp2p/node';
import { formatPeerTable } from './format-peers.ts';

const genuineFp = `${'G'.repeat(43)}=`;
const impostorFp = `${'I'.repeat(43)}=`;

function discovered(fingerprint: string, address: string, instanceName = 'Victim'): DiscoveredAgent {
  return {
    instanceName,
    hostname: 'h.local',
    fingerprint,
    metadataVersion: 1,
    authToken: 'tokentoken',
    addresses: [address],
    port: 4433,
    txt: {},
    lastSeen: 0,
  };
}
const info = (displayName: string) => ({ displayName }) as AgentInfo;

test('an impostor of a trusted name is listed beside the genuine agent, unverified and flagged', () => {
  const peers: PeerSummary[] = [
    summarizePeer(discovered(genuineFp, '10.0.0.2'), info('Victim'), [], { trusted: true }),
    // Its agent-info matches the name it announces: that alone no longer makes it "verified".
    summarizePeer(discovered(impostorFp, '10.0.0.66'), info('Victim'), [
      'similar-to-trusted',
      'duplicate-name',
    ]),
  ];
  const [genuine, impostor] = peers as [PeerSummary, PeerSummary];
  assert.equal(genuine.verified, true);
  assert.equal(impostor.verified, false);
  const lines = formatPeerTable(peers).split('\n');
  assert.match(lines[1] ?? '', new RegExp(`^Victim +${genuineFp}`));
  assert.match(
    lines[2] ?? '',
    new RegExp(
      `^Victim \\(unverified\\) \\[SUSPICIOUS: similar-to-trusted, duplicate-name\\] +${impostorFp}`,
    ),
  );
  // JSON: the old fields unchanged, trusted and suspicious added.
  assert.deepEqual(peerRecord(impostor), {
    name: 'Victim',
    verified: false,
    fingerprint: impostorFp,
    addresses: ['10.0.0.66'],
    port: 4433,
    tcpPort: null,
    transports: ['quic'],
    trusted: false,
    suspicious: ['similar-to-trusted', 'duplicate-name'],
  });
  assert.equal(peerRecord(genuine).trusted, true);
});

test('names with escape sequences are escaped in the table and exact in JSON', () => {
  const name = 'Evil\x1b]0;owned\x07\x1b[2J\u202e';
  const peer = summarizePeer(discovered(impostorFp, '10.0.0.66', name), undefined, []);
  const table = formatPeerTable([peer]);
  assert.doesNotMatch(table.replaceAll('\n', ''), /[\p{Cc}\p{Cf}]/u);
  assert.match(table, /Evil\\x1b\]0;owned\\x07\\x1b\[2J\\u\{202e\} \(unverified\)/);
  const json = terminalSafeJson([peerRecord(peer)]);
  assert.doesNotMatch(json, /[\p{Cc}\p{Cf}]/u);
  assert.equal(JSON.parse(json)[0].name, name);
});
