/**
 * Runs `callback` in a later task, after the current one and its microtasks (HTML "queue a task", which WebRTC
 * uses to order events). A zero timeout is the one task source every host has; `setImmediate` is Node-only.
 * @example
 * queueTask(() => channel.fail(error)); // lets the connection report its loss first
 */
export function queueTask(callback: () => void): void {
  setTimeout(callback, 0);
}
