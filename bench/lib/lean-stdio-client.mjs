// The stdio twin of LeanClient: newline-delimited JSON-RPC to a spawned process, requests
// pipelined by id (concurrency = requests in flight on the one session). Used for the
// direct path and for `portcullis connect`. The child runs in its own process group.
import { spawnGroup, stopGroup } from './processes.mjs';
import { INITIALIZE_PARAMS, LeanProtocolClient } from './lean-protocol.mjs';

export class LeanStdioClient extends LeanProtocolClient {
  constructor(command, args, { env, timeoutMs = 15_000 } = {}) {
    super();
    this.child = spawnGroup(command, args, { env, stdin: 'pipe', ownStdout: true });
    this.timeoutMs = timeoutMs;
    this.nextId = 1;
    this.pending = new Map();
    this.buffer = '';
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.once('exit', (code) => this.failAll(new Error(`process exited (${code}); stderr: ${this.child.stderrTail.trim().slice(-300)}`)));
    this.child.stdin.on('error', (error) => this.failAll(error));
    // One sweeper instead of a timer per request: the hot loop stays cheap.
    this.sweeper = setInterval(() => {
      const old = performance.now() - this.timeoutMs;
      for (const [id, entry] of this.pending) if (entry.sentAt < old) this.settle(id, new Error(`no answer within ${this.timeoutMs} ms`));
    }, 1000);
    this.sweeper.unref();
  }

  get pid() {
    return this.child.pid;
  }

  async connect() {
    const result = await this.request('initialize', INITIALIZE_PARAMS);
    this.notify('notifications/initialized');
    return result;
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, sentAt: performance.now() });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method, params) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) })}\n`);
  }

  onData(chunk) {
    this.buffer += chunk;
    let newline;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue; // not protocol (some servers log to stdout)
      }
      if (message.method !== undefined) {
        // A server-to-client request gets a polite refusal; notifications are ignored.
        if (message.id !== undefined) this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'not supported by the bench client' } })}\n`);
        continue;
      }
      if (message.error) this.settle(message.id, new Error(JSON.stringify(message.error)));
      else this.settle(message.id, undefined, message.result);
    }
  }

  settle(id, error, result) {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (error) entry.reject(error);
    else entry.resolve(result);
  }

  failAll(error) {
    for (const id of [...this.pending.keys()]) this.settle(id, error);
  }

  async close() {
    clearInterval(this.sweeper);
    this.child.stdin.end();
    await stopGroup(this.child, 2000);
  }
}
