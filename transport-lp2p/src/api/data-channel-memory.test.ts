import { describeDataChannelConformance } from './testing/data-channel-conformance.ts';

describeDataChannelConformance('memory', { hugeMessage: true });
