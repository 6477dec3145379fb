import { type AgentMessage, encodeRelay } from '../../share/relay-protocol.ts';
import type { PageSocket } from '../replica/replica.ts';

/** Sends a share frame to a page (dropped when its socket is closing: its close event cleans up). */
export function sendToPage(socket: PageSocket, message: AgentMessage): void {
  sendTextToPage(socket, encodeRelay(message));
}

/** The same with the frame already encoded (one encoding for every page of a broadcast). */
export function sendTextToPage(socket: PageSocket, text: string): void {
  if (socket.readyState !== 1 && socket.readyState !== 'open') return;
  try {
    socket.send(text);
  } catch {
    // closing: its close event cleans up
  }
}

/** Answers request `id` with the error's code (a typed error's, else `failed`) and message. */
export function replyError(socket: PageSocket, id: number, error: unknown): void {
  const { code = 'failed', message = String(error) } = error as { code?: unknown; message?: string };
  sendToPage(socket, { op: 'reply', id, ok: false, code: String(code), message });
}
