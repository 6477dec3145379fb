import { createMemoryChannelPair } from './memory-channel.ts';
import { describeSyncConformance } from './testing/sync-conformance.ts';

describeSyncConformance('the in-memory pair', async () => {
  const [a, b] = createMemoryChannelPair();
  return { a, b, close: () => a.close() };
});
