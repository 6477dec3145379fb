/**
 * Appends `item` to `queue`, then drops its oldest entries while more than `limit` (at least 1) remain; returns
 * how many were dropped. For the datagram queues, which drop rather than make a writer or a reader wait.
 * @example
 * dropped += pushKeepingNewest(queue, datagram, highWaterMark);
 */
export function pushKeepingNewest<T>(queue: T[], item: T, limit: number): number {
  queue.push(item);
  const excess = queue.length - Math.max(1, Math.floor(limit));
  if (excess <= 0) return 0;
  queue.splice(0, excess);
  return excess;
}
