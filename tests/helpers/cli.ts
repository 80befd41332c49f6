// Runs the `portcullis` command: in this process through `main(argv)` (runCli: stdout,
// stderr and the exit code captured, as a user would see them), or as the real binary
// (bin/portcullis.js → dist/) in a child process for smoke tests and long-running commands.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { main } from '../../electron/cli/main.js';

export const BIN = path.resolve('bin/portcullis.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  dataDir: string;
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

/** --data-dir must come before a `--`, after which everything is the server's command line. */
function withDataDir(args: string[], dataDir: string): string[] {
  const dashes = args.indexOf('--');
  return dashes < 0 ? [...args, '--data-dir', dataDir] : [...args.slice(0, dashes), '--data-dir', dataDir, ...args.slice(dashes)];
}

let running = false;

/**
 * One command, in this process: `main(argv)` with process.stdout/stderr writes captured
 * and `env` set for its duration. Commands run one at a time (the capture is process-wide).
 */
export async function runCli(args: string[], options: CliRunOptions): Promise<CliResult> {
  if (options.input) throw new Error('runCli runs in-process and has no stdin: use runCliBinary');
  if (running) throw new Error('runCli: one command at a time');
  running = true;
  let stdout = '';
  let stderr = '';
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  const savedEnv = Object.fromEntries(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]));
  Object.assign(process.env, options.env);
  process.stdout.write = capture((text) => (stdout += text));
  process.stderr.write = capture((text) => (stderr += text));
  try {
    const code = await main(['node', 'portcullis', ...withDataDir(args, options.dataDir)]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    running = false;
  }
}

/** One command as the real binary, in a child process (smoke tests; commands that read stdin). */
export function runCliBinary(args: string[], options: CliRunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const withDir = withDataDir(args, options.dataDir);
    const child = spawn(process.execPath, [BIN, ...withDir], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`portcullis ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running CLI command (`--follow`), stopped with SIGINT by the test. */
export function spawnCli(args: string[], dataDir: string) {
  const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Starts `portcullis serve` and resolves once it prints its address. `env` adds to this
 * process's environment; `nodeArgs` go before the script (e.g. `--import` a test preload).
 */
export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<{ child: ChildProcess; url: string; output: () => string; stop(signal?: NodeJS.Signals): Promise<number | null> }> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 20_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode); // a killed child has no exit code
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
