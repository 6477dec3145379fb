/**
 * `offgrid receive` that corrupts every chunk piece it serves to other members (the last byte flipped): a
 * hostile swarm member for tests. Takes the same arguments as `offgrid receive`.
 */
import type { SyncChannel } from '@offgrid/sync';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p/node';
import { runReceiveCommand } from '../receive-command.ts';

/** Frame type of PIECE (docs/group-push.md, "Wire"). */
const PIECE = 7;

function corrupting(channel: LP2PDataChannel): SyncChannel {
  const send = (data: Uint8Array<ArrayBuffer>): void => {
    if (data[0] === PIECE && data.length > 0) {
      const bad = data.slice();
      bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
      channel.send(bad);
    } else channel.send(data);
  };
  return new Proxy(channel, {
    get(target, property) {
      if (property === 'send') return send;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (target, property, value) => Reflect.set(target, property, value, target),
  }) as unknown as SyncChannel;
}

process.exitCode = await runReceiveCommand(process.argv.slice(2), { wrapChannel: corrupting });
