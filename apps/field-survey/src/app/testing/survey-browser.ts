/**
 * Test rig for the survey page in real headless Chromium: the page as `fieldSurveyApp.build()` makes it, served
 * under `/field-survey/` with a strict CSP (`script-src 'self'`, as `offgrid up` serves apps), and a relay (a Node
 * `SyncHub` behind a `ws` server) pages attach to. Node only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyncHub } from '@offgrid/sync';
import { launchChromium } from '@offgrid/transport-lp2p/testing/chromium';
import type { Browser, Page } from 'puppeteer-core';
import { WebSocketServer } from 'ws';
import { formDocName, submissionDocNames } from '../../submission/submission-docs.ts';
import { CATALOGUE_DOC } from '../form-catalogue.ts';
import { fieldSurveyApp } from '../web-app.ts';

export const CSP =
  "default-src 'self'; script-src 'self'; img-src 'self' blob:; connect-src 'self' ws://127.0.0.1:*";

export interface SurveyServer {
  /** `http://127.0.0.1:P/field-survey/` */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveSurvey(): Promise<SurveyServer> {
  const files = await fieldSurveyApp.build();
  const server: Server = createServer((request, response) => {
    const path =
      new URL(request.url ?? '/', 'http://x').pathname.replace(/^\/field-survey\//, '') || 'index.html';
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    const file = files.get(path);
    if (!file) return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': file.contentType, 'content-security-policy': CSP })
      .end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/field-survey/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SurveyBrowser {
  readonly browser: Browser;
  /** A page at `url` with its console errors and page errors collected in `errors`. */
  open(url: string): Promise<Page>;
  readonly errors: string[];
  close(): Promise<void>;
}

export async function launchSurveyBrowser(): Promise<SurveyBrowser> {
  const chromium = await launchChromium({ args: ['--lang=en-US'] });
  const { browser } = chromium;
  const errors: string[] = [];
  return {
    browser,
    errors,
    async open(url) {
      const page = await browser.newPage();
      await page.setViewport({ width: 420, height: 860 });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        // This rig serves the page with no agent behind it: the agent link's look-up of `agent.json` gets a
        // 404, which the page handles (it stays offline) but Chromium still logs.
        if (message.type() !== 'error' || message.location().url?.endsWith('/agent.json')) return;
        errors.push(message.text());
      });
      await page.goto(url);
      await page.waitForFunction(() => 'offgridSurvey' in globalThis);
      return page;
    },
    close: () => chromium.close(),
  };
}

export interface Relay {
  readonly url: string;
  readonly hub: SyncHub;
  /** Closes every socket (pages see the relay go away) without stopping the server. */
  dropAll(): void;
  close(): Promise<void>;
}

/** A relay holding the catalogue and a form's documents (peers sync what both sides have open). */
export async function startRelay(formId: string): Promise<Relay> {
  const hub = new SyncHub();
  for (const name of [CATALOGUE_DOC, formDocName(formId), ...submissionDocNames(formId)]) hub.open(name);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  let n = 0;
  server.on('connection', (socket) => {
    hub.attach(socket as unknown as Parameters<SyncHub['attach']>[0], { peerId: `page-${++n}` });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    hub,
    dropAll: () => {
      for (const socket of server.clients) socket.terminate();
    },
    close: async () => {
      for (const socket of server.clients) socket.terminate();
      hub.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
