import { networkInterfaces } from 'node:os';

/**
 * Calls `changed` when the machine's network interfaces or their addresses change (an interface came up, DHCP
 * gave an address), found by comparing `os.networkInterfaces()` every `intervalMs` — a cheap local call, no
 * traffic. Node has no event for it. Pass it as `networkChanges` of a `ServerGateway`; returns the stop function.
 */
export function watchNetworkInterfaces(changed: () => void, intervalMs = 5000): () => void {
  let last = snapshot();
  const timer = setInterval(() => {
    const now = snapshot();
    if (now === last) return;
    last = now;
    changed();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function snapshot(): string {
  const parts: string[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces()))
    for (const a of addresses ?? []) parts.push(`${name} ${a.address}/${a.netmask}`);
  return parts.sort().join('\n');
}
