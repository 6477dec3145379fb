import { join } from 'node:path';
import type { LanHost } from '../../testing/lan.ts';
import { LineProcess } from '../../testing/line-process.ts';

const DRIVER = join(import.meta.dirname, 'browser-device.ts');
const UP = join(import.meta.dirname, 'up-node.ts');

/** The `ui: URL` line of a started `offgrid up` (or up-node.ts). */
export async function uiUrlOf(up: LineProcess, timeoutMs = 20_000): Promise<string> {
  const line = await up.waitForLine((l) => l.startsWith('ui: '), timeoutMs);
  return line.slice('ui: '.length);
}

/**
 * Runs up-node.ts (the agent, its bridge and trusted UI) in `host`; `discoveryWaitMs` shortens how long its
 * requests look for peers (for tests that start the peer first and wait until it advertises); `uiPort` fixes the
 * bridge's port (for tests that restart the agent under the same pages).
 */
export function startUpNode(
  host: LanHost,
  name: string,
  stateDir: string,
  options: { discoveryWaitMs?: number; uiPort?: number } = {},
): LineProcess {
  const env = { ...process.env };
  if (options.discoveryWaitMs !== undefined) env.OFFGRID_DISCOVERY_WAIT_MS = String(options.discoveryWaitMs);
  if (options.uiPort !== undefined) env.OFFGRID_UI_PORT = String(options.uiPort);
  return new LineProcess(host, [UP, name, stateDir, host.address], { env });
}

/**
 * The test's handle on a device's headless Chromium (`browser-device.ts`, run in the device's namespace): commands
 * out, answers and the pages' console lines back.
 */
export class BrowserDevice {
  readonly process: LineProcess;
  #nextId = 1;
  #app = '';

  static async start(host: LanHost, uiUrl: string): Promise<BrowserDevice> {
    const device = new BrowserDevice(new LineProcess(host, [DRIVER, uiUrl]));
    const ready = await device.process.waitForLine((l) => l.includes('"event":"ready"'), 30_000);
    device.#app = JSON.parse(ready).app;
    return device;
  }

  private constructor(process: LineProcess) {
    this.process = process;
  }

  get appUrl(): string {
    return this.#app;
  }

  /** Runs one driver command; resolves with its value, rejects with its error. */
  async command(op: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<unknown> {
    const id = this.#nextId++;
    const since = this.process.lines.length;
    this.process.write(JSON.stringify({ id, op, ...args }));
    const line = await this.process.waitForLine((l) => l.startsWith(`{"id":${id},`), timeoutMs, since);
    const reply = JSON.parse(line) as { ok: boolean; value?: unknown; error?: string };
    if (!reply.ok) throw new Error(`${op} failed: ${reply.error}`);
    return reply.value;
  }

  open(kind: 'app' | 'ui' | 'evil' | 'url', url?: string): Promise<number> {
    return this.command('open', { kind, url }) as Promise<number>;
  }

  eval(tab: number, expr: string, timeoutMs?: number): Promise<unknown> {
    return this.command('eval', { tab, expr }, timeoutMs);
  }

  click(tab: number, selector: string): Promise<unknown> {
    return this.command('click', { tab, selector });
  }

  /** The first console line of `tab` matching `pattern` (from line index `since` on). */
  async console(tab: number, pattern: RegExp, timeoutMs = 30_000, since = 0): Promise<string> {
    const line = await this.process.waitForLine(
      (l) => l.includes('"event":"console"') && JSON.parse(l).tab === tab && pattern.test(JSON.parse(l).text),
      timeoutMs,
      since,
    );
    return JSON.parse(line).text;
  }

  async stop(): Promise<void> {
    this.process.child.stdin?.end();
    const exited = await Promise.race([
      this.process.exited,
      new Promise((r) => setTimeout(r, 5000, 'timeout')),
    ]);
    if (exited === 'timeout') await this.process.stop('SIGKILL');
  }
}

export interface PilotHandlers {
  /** Called with the code this UI shows for pairing. */
  readonly onPsk?: (psk: string) => void;
  /** Supplies the code to type when this UI asks for one. */
  readonly psk?: () => Promise<string>;
  /** Prompt kinds answered no. */
  readonly refuse?: readonly string[];
  /** The name of the device to pick in the peer chooser (the first one listed when absent). */
  readonly peerName?: () => string | undefined;
  /** Where to save a screenshot of the UI before each answer (`<dir>/<n>-<kind>.png`), for a person to look at. */
  readonly screenshots?: string;
  /** Answer with the keyboard (Enter on the focused prompt) instead of clicking. */
  readonly keyboard?: boolean;
}

/**
 * A person at a device's trusted UI (a tab on it): answers each request as it appears, by clicking as they
 * would. PSKs: `onPsk` gets the code this UI shows; `psk()` supplies the code to type when it asks for one.
 */
export class UiPilot {
  readonly #device: BrowserDevice;
  readonly #tab: number;
  #stopped = false;
  /** While set, the person looks away: nothing is answered. */
  paused = false;
  readonly done: Promise<void>;
  readonly seen: string[] = [];
  /** Prompts that did not have the keyboard focus when their turn came (keyboard mode). */
  readonly focusMisses: string[] = [];
  /** Answers that failed. */
  readonly errors: string[] = [];

  constructor(device: BrowserDevice, tab: number, handlers: PilotHandlers = {}) {
    this.#device = device;
    this.#tab = tab;
    this.done = this.#run(handlers);
  }

  /** By keyboard when asked: the oldest request must have the focus, Enter takes its default answer. */
  async #answer(id: string, kind: string, value: 'yes' | 'no', keyboard = false): Promise<void> {
    if (keyboard && value === 'yes') {
      const [focusedId] = (await this.#device.command('focused', { tab: this.#tab })) as [string, string];
      if (focusedId === id) {
        await this.#device.command('press', { tab: this.#tab, key: 'Enter' });
        return;
      }
      this.focusMisses.push(`${kind} ${id}: focus on ${focusedId || 'nothing'}`);
    }
    await this.#device.click(this.#tab, `form[data-prompt-id="${id}"] button[value=${value}]`);
  }

  stop(): Promise<void> {
    this.#stopped = true;
    return this.done;
  }

  async #run(handlers: PilotHandlers) {
    const answered = new Set<string>();
    while (!this.#stopped) {
      const prompts = (await this.#device.eval(
        this.#tab,
        `[...document.querySelectorAll('form[data-prompt-id]')].map((f) => [f.dataset.promptId, f.dataset.promptKind])`,
      )) as [string, string][];
      const next = prompts.find(([id]) => !answered.has(id));
      if (!next || this.paused) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const [id, kind] = next;
      answered.add(id);
      this.seen.push(kind);
      try {
        await this.#handle(id, kind, handlers);
      } catch (error) {
        // E.g. the prompt went away (its asker gave up) before the click landed.
        this.errors.push(`${kind} ${id}: ${error}`);
      }
    }
  }

  async #handle(id: string, kind: string, handlers: PilotHandlers): Promise<void> {
    if (handlers.screenshots) {
      const path = `${handlers.screenshots}/${this.seen.length}-${kind}.png`;
      await this.#device.command('screenshot', { tab: this.#tab, path });
    }
    {
      const form = `form[data-prompt-id="${id}"]`;
      if (kind === 'show-psk') {
        const psk = (await this.#device.command('text', {
          tab: this.#tab,
          selector: `${form} .psk`,
        })) as string;
        handlers.onPsk?.(psk);
        // Read out: the person closes the code.
        await this.#answer(id, kind, 'yes', handlers.keyboard);
      } else if (kind === 'enter-psk') {
        const psk = (await handlers.psk?.()) ?? '';
        await this.#device.command('type', {
          tab: this.#tab,
          selector: `${form} input[name=psk]`,
          text: psk,
        });
        await this.#device.command('press', { tab: this.#tab, key: 'Enter' });
      } else if (kind === 'choose-peer' && handlers.peerName?.()) {
        const name = handlers.peerName();
        const fingerprint = (await this.#device.eval(
          this.#tab,
          `[...document.querySelectorAll('${form} label.peer')].find((l) => l.querySelector('strong')?.textContent === ${JSON.stringify(name)})?.querySelector('input').value ?? ''`,
        )) as string;
        if (!fingerprint) {
          // The chooser lists the devices found when it opened and never changes: cancel it, so the request fails
          // now instead of leaving a prompt up that holds the keyboard focus in later tests.
          await this.#device.click(this.#tab, `${form} button[value=no]`);
          throw new Error(`no device named ${name} in the chooser`);
        }
        await this.#device.click(this.#tab, `${form} input[value="${fingerprint}"]`);
        await this.#answer(id, kind, 'yes', handlers.keyboard);
      } else {
        await this.#answer(id, kind, handlers.refuse?.includes(kind) ? 'no' : 'yes', handlers.keyboard);
      }
    }
  }
}
