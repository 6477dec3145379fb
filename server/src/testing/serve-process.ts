import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The `offgrid` command as `npm install` links it (the `@offgrid/cli` package); tests run `offgrid serve`. */
export const OFFGRID_BIN = fileURLToPath(new URL('../../../node_modules/.bin/offgrid', import.meta.url));

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** Everything the process wrote on standard error so far. */
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGKILL, and wait for the end. */
  kill9(): Promise<void>;
  /** SIGTERM, and the exit code of the clean shutdown. */
  stop(): Promise<number | string>;
}

/** Starts `offgrid serve ARGS` under this Node and waits (at most `timeoutMs`) for its `serving ws://…` line. */
export async function startServeProcess(args: string[], timeoutMs = 15_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [OFFGRID_BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-200_000);
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`no 'serving' line in ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^serving (ws:\/\/\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`offgrid serve exited (${code}) before serving; stderr: ${stderr}`));
    });
  });
  return {
    child,
    url,
    port: Number(new URL(url).port),
    stderr: () => stderr,
    exited,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
