import { describeDataChannelConformance } from './testing/data-channel-conformance.ts';

// The 64 MiB message takes about 2 s over QUIC on loopback (~30 MB/s), which is still worth checking.
describeDataChannelConformance('quic', { hugeMessage: true });
