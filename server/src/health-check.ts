import type { Extension, onRequestPayload } from '@hocuspocus/server';

/** `GET /healthz` answers 200 `ok`; other paths fall through to Hocuspocus. */
export class HealthCheck implements Extension {
  readonly extensionName = 'offgrid-health';

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/healthz') return;
    response.writeHead(request.method === 'GET' || request.method === 'HEAD' ? 200 : 405, {
      'Content-Type': 'text/plain',
    });
    response.end(request.method === 'HEAD' ? undefined : 'ok\n');
    // Hocuspocus stops the hook chain, and writes no default answer, when a hook rejects with nothing.
    return Promise.reject();
  }
}
