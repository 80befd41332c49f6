// A stdio client transport that owns its child's whole process tree.
// The SDK's StdioClientTransport signals only the direct child, so `npx`/`uvx`
// wrappers orphan the real server. Here the child leads its own process group
// (POSIX) and is stopped with the group: SIGTERM, then SIGKILL after a grace period.
// If the gateway itself dies first, the process-group watchdog stops the group.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { LineBuffer, parseJsonRpcLine } from './line-buffer.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StderrTail } from './stderr-tail.js';
import { forgetProcessGroup, watchProcessGroup } from './process-group-watchdog.js';

export interface StdioUpstreamOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Largest single message accepted from the upstream, in bytes. */
  maxMessageBytes?: number;
  killGraceMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class StdioUpstreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly stderr = new StderrTail();
  exit?: ExitInfo;
  private child?: ChildProcess;
  private readonly readBuffer: LineBuffer;
  private closed = false;
  private corked = false;
  /** Messages written in the current event-loop turn (undefined between turns), and in the one before. */
  private turnWrites?: number;
  private lastTurnWrites = 0;

  constructor(private readonly options: StdioUpstreamOptions) {
    this.readBuffer = new LineBuffer(options.maxMessageBytes ?? 64 * 1024 * 1024);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('StdioUpstreamTransport already started');
    return new Promise((resolve, reject) => {
      const isWindows = process.platform === 'win32';
      const child = spawn(this.options.command, this.options.args, {
        env: { ...getDefaultEnvironment(), ...this.options.env },
        cwd: this.options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: !isWindows,
        windowsHide: true,
        shell: false,
      });
      this.child = child;
      const group = !isWindows ? child.pid : undefined;
      if (group !== undefined) watchProcessGroup(group);
      child.on('error', (error) => {
        reject(new Error(`could not start '${this.options.command}': ${error.message}`));
        this.onerror?.(error);
      });
      child.on('spawn', () => resolve());
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        if (group !== undefined) forgetProcessGroup(group);
      });
      child.on('close', () => this.handleClosed());
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.handleData(chunk));
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => this.stderr.push(chunk));
    });
  }

  private handleData(chunk: Buffer): void {
    let lines: string[];
    try {
      lines = this.readBuffer.feed(chunk);
    } catch (error) {
      this.onerror?.(error as Error);
      void this.close();
      return;
    }
    for (const line of lines) {
      if (line.trim() === '') continue;
      let message: JSONRPCMessage;
      try {
        message = parseJsonRpcLine(line) as JSONRPCMessage;
      } catch (error) {
        // A line that is not JSON-RPC (a stray log line): report it and keep reading the stream.
        this.onerror?.(new Error(`upstream wrote a line that is not JSON-RPC: ${(error as Error).message.slice(0, 200)}`));
        continue;
      }
      this.onmessage?.(message);
    }
  }

  private handleClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.readBuffer.clear();
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || this.closed || stdin.destroyed) {
        reject(new Error('upstream process is not running'));
        return;
      }
      this.coalesceWrites(stdin);
      if (stdin.write(serializeMessage(message))) return resolve();
      // A process that has just exited fails the write (EPIPE): no 'drain' ever comes, only 'close'.
      const settle = (error?: Error) => {
        stdin.off('drain', settle);
        stdin.off('close', closed);
        if (error) reject(error);
        else resolve();
      };
      const closed = () => settle(new Error('upstream process is not running'));
      stdin.once('drain', settle);
      stdin.once('close', closed);
    });
  }

  /**
   * Messages sent in one event-loop turn go out together in one write when the turn ends:
   * each write wakes the upstream process, which under concurrent calls costs more than all
   * of our own work on a call. When the last turn carried one message or none (a lone call),
   * the first message of a turn goes out at once instead, so it is not delayed.
   */
  private coalesceWrites(stdin: NodeJS.WritableStream & { cork(): void; uncork(): void }): void {
    if (this.turnWrites === undefined) {
      this.turnWrites = 0;
      setImmediate(() => {
        this.lastTurnWrites = this.turnWrites ?? 0;
        this.turnWrites = undefined;
        if (this.corked) {
          this.corked = false;
          stdin.uncork();
        }
      });
      if (this.lastTurnWrites > 1) this.cork(stdin);
    } else {
      this.cork(stdin);
    }
    this.turnWrites++;
  }

  private cork(stdin: { cork(): void }): void {
    if (this.corked) return;
    this.corked = true;
    stdin.cork();
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.closed) {
      this.handleClosed();
      return;
    }
    child.stdin?.end();
    await killProcessTree(child, this.options.killGraceMs ?? 2000);
    this.handleClosed();
  }
}

/** Stops a child and every process in its group; resolves once the child has exited. */
export async function killProcessTree(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child, 'SIGKILL'); // the leader is gone; make sure its group is too
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await exited;
  }
  signalGroup(child, 'SIGKILL'); // grandchildren that ignored SIGTERM
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    } else {
      process.kill(-child.pid, signal);
    }
  } catch {
    // ESRCH: already gone.
  }
}
