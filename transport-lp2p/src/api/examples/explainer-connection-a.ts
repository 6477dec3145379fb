/** §Peer discovery's connection on Peer A, for §Simple message exchange, which continues from it. */
import { connectionOf } from './explainer-context.ts';

export const conn = await connectionOf('A');
