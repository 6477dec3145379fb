import { join } from 'node:path';
import { StateDirError } from '../errors/index.ts';
import { readOptionalFile, writeFileAtomic } from '../identity/index.ts';

/**
 * The loopback port of each app `offgrid up` serves, kept in `<stateDir>/app-ports.json`: an app's origin
 * (`http://127.0.0.1:P`) owns its IndexedDB, its capability token and its grants, so the port must not change
 * between runs. First run: the system picks free ones, and they are written down.
 */
export async function loadAppPorts(stateDir: string): Promise<Map<string, number>> {
  const file = join(stateDir, 'app-ports.json');
  const text = await readOptionalFile(file);
  const ports = new Map<string, number>();
  if (text === undefined) return ports;
  const bad = () => new StateDirError('state-file-io', file, 'not an app ports file');
  if (text.length > 65_536) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad();
  }
  const entries = (parsed as { ports?: unknown }).ports;
  if ((parsed as { v?: unknown }).v !== 1 || typeof entries !== 'object' || entries === null) throw bad();
  for (const [id, port] of Object.entries(entries)) {
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65_535) throw bad();
    ports.set(id, port as number);
  }
  return ports;
}

export async function saveAppPorts(stateDir: string, ports: ReadonlyMap<string, number>): Promise<void> {
  const data = `${JSON.stringify({ v: 1, ports: Object.fromEntries(ports) })}\n`;
  await writeFileAtomic(join(stateDir, 'app-ports.json'), data, 0o600);
}
