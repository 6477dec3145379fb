import type { WebApp } from '@offgrid/framework/node';

/** A tiny WebApp for `offgrid up --app …/test-app.ts#testApp` in tests: one page, no script. */
export const testApp: WebApp = {
  id: 'test-app',
  title: 'Test app',
  async build() {
    const html = '<!doctype html><title>Test app</title><p>test app</p>';
    return new Map([
      ['index.html', { body: new TextEncoder().encode(html), contentType: 'text/html; charset=utf-8' }],
    ]);
  },
};
