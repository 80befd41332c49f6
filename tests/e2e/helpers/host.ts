// A real `portcullis serve --port 0` for the e2e tests, in its own data directory, with
// the CLI used the way a person would (server add, grant create).
import { spawn, type ChildProcess } from 'node:child_process';
import { runCli } from '../../helpers/cli.js';
import { BIN } from '../../helpers/cli.js';

export interface RunningHost {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The login link `serve` printed (sets the admin cookie). */
  loginUrl: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `extraArgs`: more `serve` options, e.g. `['--demo']`; `env`: added to the environment (e.g. a temporary HOME). */
export async function startHost(dataDir: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningHost> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const { url, loginUrl } = await new Promise<{ url: string; loginUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its UI link: ${output}`)), 30_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      const ui = /UI: (http:\/\/\S+)/.exec(output);
      if (listening && ui) {
        clearTimeout(timer);
        resolve({ url: listening[1]!, loginUrl: ui[1]! });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    loginUrl,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the CLI and fails loudly on a non-zero exit. */
export async function cli(dataDir: string, args: string[]): Promise<string> {
  const result = await runCli(args, { dataDir, timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`portcullis ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}
