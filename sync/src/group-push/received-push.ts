import { GroupPushError } from '../errors/group-push-error.ts';
import type { PushOffer, ReceivedPush } from './push-types.ts';

/** A finished receipt over a reader of verified chunks (see `IncomingPush`). */
export function receivedPush(
  offer: PushOffer,
  read: (index: number) => Promise<Uint8Array | undefined>,
  discard: () => Promise<void>,
): ReceivedPush {
  const chunkCount = offer.manifest.chunkCount;
  const stream = (): ReadableStream<Uint8Array> => {
    let index = 0;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (index >= chunkCount) return controller.close();
        const chunk = await read(index);
        if (!chunk) {
          controller.error(new GroupPushError('store-failed', `chunk ${index} is no longer in the store`));
          return;
        }
        index++;
        controller.enqueue(chunk);
      },
    });
  };
  const bytes = async (): Promise<Uint8Array> => {
    const all = new Uint8Array(offer.totalBytes);
    let offset = 0;
    const reader = stream().getReader();
    for (let step = await reader.read(); !step.done; step = await reader.read()) {
      all.set(step.value, offset);
      offset += step.value.length;
    }
    return all;
  };
  return {
    offer,
    stream,
    bytes,
    text: async () => new TextDecoder().decode(await bytes()),
    discard,
  };
}
