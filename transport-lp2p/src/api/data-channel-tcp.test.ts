import { describeDataChannelConformance } from './testing/data-channel-conformance.ts';

describeDataChannelConformance('tcp', { hugeMessage: true });
