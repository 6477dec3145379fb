import { AgentError } from '../errors/index.ts';

/**
 * Keep-alive and liveness by agent-status-request/response (osp-application §Agent Status: "agents may send
 * agent-status-request to check that the other agent is alive", preferred to QUIC PINGs): one request every
 * `intervalMs`; a request left unanswered declares the peer unresponsive. Any other failure (the connection
 * closed) just stops it.
 */
export class StatusKeepAlive {
  readonly #intervalMs: number;
  readonly #check: () => Promise<unknown>;
  readonly #onUnresponsive: (error: AgentError) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    intervalMs: number,
    check: () => Promise<unknown>,
    onUnresponsive: (error: AgentError) => void,
  ) {
    this.#intervalMs = intervalMs;
    this.#check = check;
    this.#onUnresponsive = onUnresponsive;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#tick(), this.#intervalMs);
    // A liveness check never keeps the process alive by itself.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  async #tick(): Promise<void> {
    try {
      await this.#check();
      this.#schedule();
    } catch (error) {
      if (this.#stopped) return;
      this.stop();
      if (error instanceof AgentError && error.code === 'request-timeout') {
        this.#onUnresponsive(
          new AgentError('peer-unresponsive', `the peer did not answer agent-status: ${error.message}`, {
            cause: error,
          }),
        );
      }
    }
  }
}
