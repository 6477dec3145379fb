import { type PeerSummary, terminalSafe } from '@offgrid/transport-lp2p/node';

/**
 * A table for people. Unverified names are marked: they are DNS-SD data nobody has checked; so are suspicious
 * agents, with the reasons (osp-network §User Interface Considerations: "displayed differently").
 */
export function formatPeerTable(peers: readonly PeerSummary[]): string {
  if (peers.length === 0) return 'no agents found';
  const rows = peers.map((p) => [
    nameCell(p),
    p.fingerprint,
    p.addresses.join(','),
    String(p.port),
    p.transports.join('+'),
  ]);
  const header = ['NAME', 'FINGERPRINT', 'ADDRESSES', 'PORT', 'TRANSPORTS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function nameCell(peer: PeerSummary): string {
  const name = peer.verified ? terminalSafe(peer.name) : `${terminalSafe(peer.name)} (unverified)`;
  return peer.suspicious.length > 0 ? `${name} [SUSPICIOUS: ${peer.suspicious.join(', ')}]` : name;
}
