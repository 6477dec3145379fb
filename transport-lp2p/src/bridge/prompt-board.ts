import { BridgeError } from '../errors/index.ts';
import type { PeerPrompt } from '../trust/index.ts';

/** What the trusted UI asks or shows. */
export type PromptKind = 'site' | 'advertise' | 'choose-peer' | 'grant' | 'show-psk' | 'enter-psk';

/** One prompt as the trusted UI renders it. Text in it came from pages or peers: render it as text only. */
export interface PromptView {
  readonly id: number;
  readonly kind: PromptKind;
  readonly origin?: string;
  readonly nickname?: string;
  readonly peer?: PeerPrompt;
  readonly peers?: readonly PeerPrompt[];
  readonly psk?: { readonly numeric: string; readonly qrSvg: string };
}

export interface PromptBoardLimits {
  /** Prompts open at once, over every origin. */
  readonly maxPrompts: number;
  /** Prompts open at once for one origin. */
  readonly maxPerOrigin: number;
}

interface Entry {
  readonly view: PromptView;
  readonly settle: (answer: unknown) => unknown;
}

/**
 * The prompts waiting for the person at the trusted UI. Asking is bounded (per origin and in all), so a page
 * flooding requests gets `limit-exceeded` errors instead of a wall of dialogs; each prompt goes away when answered
 * or when whoever asked gives up (its signal). `version` moves on every change, for the UI's long poll.
 */
export class PromptBoard {
  readonly #entries = new Map<number, Entry>();
  readonly #limits: PromptBoardLimits;
  readonly #waiters = new Set<() => void>();
  #nextId = 1;
  #version = 1;

  constructor(limits: PromptBoardLimits = { maxPrompts: 32, maxPerOrigin: 4 }) {
    this.#limits = limits;
  }

  get version(): number {
    return this.#version;
  }

  /** The open prompts, oldest first. */
  prompts(): PromptView[] {
    return [...this.#entries.values()].map((entry) => entry.view);
  }

  /**
   * Shows `view` until answered; resolves with `parse(answer)`. Rejects with `signal.reason` when the asker gives
   * up, and with `BridgeError('limit-exceeded')` when too many prompts are open.
   */
  ask<T>(
    view: Omit<PromptView, 'id'>,
    signal: AbortSignal,
    parse: (answer: unknown) => T | undefined,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const id = this.#admit(view);
      const settle = (answer: unknown) => {
        const value = parse(answer);
        if (value === undefined) return false;
        this.#remove(id);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
        return true;
      };
      const onAbort = () => {
        this.#remove(id);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#entries.set(id, { view: { ...view, id }, settle });
      this.#changed();
    });
  }

  /** Shows `view` (nothing to answer but "done") until dismissed or `signal` aborts. */
  show(view: Omit<PromptView, 'id'>, signal: AbortSignal): void {
    if (signal.aborted) return;
    const id = this.#admit(view);
    const onAbort = () => this.#remove(id);
    signal.addEventListener('abort', onAbort, { once: true });
    this.#entries.set(id, {
      view: { ...view, id },
      settle: () => {
        signal.removeEventListener('abort', onAbort);
        this.#remove(id);
      },
    });
    this.#changed();
  }

  /** The person's answer to prompt `id`; false when there is no such prompt or the answer does not fit it. */
  answer(id: number, value: unknown): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    return entry.settle(value) !== false;
  }

  /** Resolves once `version` differs from `since`, or `signal` aborts. */
  changed(since: number, signal: AbortSignal): Promise<void> {
    if (since !== this.#version || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Something else the UI shows changed (e.g. the sites list). */
  touch(): void {
    this.#changed();
  }

  #admit(view: Omit<PromptView, 'id'>): number {
    const open = [...this.#entries.values()];
    if (open.length >= this.#limits.maxPrompts) {
      throw new BridgeError('limit-exceeded', `${open.length} prompts are open already`);
    }
    if (view.origin !== undefined) {
      const mine = open.filter((entry) => entry.view.origin === view.origin).length;
      if (mine >= this.#limits.maxPerOrigin) {
        throw new BridgeError('limit-exceeded', `${view.origin} has ${mine} prompts open already`);
      }
    }
    return this.#nextId++;
  }

  #remove(id: number): void {
    if (this.#entries.delete(id)) this.#changed();
  }

  #changed(): void {
    this.#version++;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
