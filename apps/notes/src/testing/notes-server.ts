import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebAppFile } from '@offgrid/framework/node';

/** The CSP `offgrid up` sends with app pages (scripts from the app's origin only). */
export const pageCsp = "script-src 'self'";

/** Serves `files` under `/notes/` on loopback, as the host does, with {@link pageCsp}. */
export async function serveNotesPage(
  files: ReadonlyMap<string, WebAppFile>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = path.startsWith('/notes/')
      ? files.get(path.slice('/notes/'.length) || 'index.html')
      : undefined;
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response
      .writeHead(200, { 'content-type': file.contentType, 'content-security-policy': pageCsp })
      .end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notes/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
