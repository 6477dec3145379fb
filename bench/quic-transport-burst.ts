/**
 * The WebTransport-stream burst of the bridge benchmark (bench/suites/bridge.ts), the same code for the page and
 * the Node baseline: the source opens a bidirectional stream on an `LP2PQuicTransport`, writes `bytes` in 1 MiB
 * chunks (awaiting each write, as page code usually does) and closes it; the sink reads the stream to its end and
 * answers with the byte count as text. The rate is from the first write until that answer.
 * Written as plain source text so the page runs exactly what Node runs (`new Function` in Node, `eval` in the page).
 */

/** `sink(transport)`: answers each incoming bidirectional stream with the number of bytes it carried. */
export const QUIC_SINK_SOURCE = `async (transport) => {
  await transport.ready;
  const streams = transport.incomingBidirectionalStreams.getReader();
  for (;;) {
    const { value, done } = await streams.read();
    if (done) return;
    void (async () => {
      const reader = value.readable.getReader();
      let count = 0;
      for (;;) {
        const part = await reader.read();
        if (part.done) break;
        count += part.value.byteLength;
      }
      const writer = value.writable.getWriter();
      await writer.write(new TextEncoder().encode(String(count)));
      await writer.close();
    })().catch(() => {});
  }
}`;

/** `burst(transport, bytes)`: one burst; resolves with MB/s, rejects if the sink counted other than `bytes`. */
export const QUIC_BURST_SOURCE = `async (transport, bytes) => {
  const { readable, writable } = await transport.createBidirectionalStream();
  const chunk = new Uint8Array(1024 * 1024).fill(0x5a);
  const answer = (async () => {
    const reader = readable.getReader();
    let text = '';
    for (;;) {
      const part = await reader.read();
      if (part.done) return Number(text);
      text += new TextDecoder().decode(part.value);
    }
  })();
  const writer = writable.getWriter();
  const started = performance.now();
  for (let sent = 0; sent < bytes; sent += chunk.byteLength) await writer.write(chunk);
  await writer.close();
  const count = await answer;
  if (count !== bytes) throw new Error('the sink counted ' + count + ' bytes of ' + bytes);
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}`;
