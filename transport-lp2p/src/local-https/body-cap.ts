import { Transform } from 'node:stream';
import { LocalHttpsError } from '../errors/index.ts';

/** Passes bytes through until more than `maxBytes` went by, then fails with `body-too-large`. */
export function bodyCap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        callback(new LocalHttpsError('body-too-large', `the request body exceeds ${maxBytes} bytes`));
      } else callback(null, chunk);
    },
  });
}
