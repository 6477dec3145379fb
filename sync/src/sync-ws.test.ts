import { describeSyncConformance } from './testing/sync-conformance.ts';
import { wsChannelPair } from './testing/ws-channel-pair.ts';

describeSyncConformance('a ws WebSocket pair', wsChannelPair);
