/**
 * Serves the demo pages for a person to open: `npm run demo -w components` (or `node demo/serve.ts [port]`)
 * prints `components demo: http://127.0.0.1:P/`. `components.js` is the package bundled by esbuild on start.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { componentsBundle } from '../src/testing/chromium.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Starts the demo server on loopback; resolves with its base URL. */
export async function serveDemo(port = 0): Promise<{ url: string; server: Server }> {
  const bundle = await componentsBundle();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html');
    const name = path.slice(1);
    // Only flat file names from this folder: no way out of it.
    if (!/^[a-z-]+\.(html|css|js)$/.test(name)) {
      response.writeHead(404).end('not found');
      return;
    }
    try {
      const body = name === 'components.js' ? bundle : await readFile(join(import.meta.dirname, name));
      response
        .writeHead(200, { 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}

if (import.meta.main) {
  const { url } = await serveDemo(Number(process.argv[2] ?? 0));
  console.log(`components demo: ${url}`);
}
