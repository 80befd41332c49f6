// Starts @modelcontextprotocol/server-everything for integration tests: as a stdio command
// (the SDK's StdioClientTransport spawns it) or as its own Streamable HTTP server on a free
// loopback port.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';

const require = createRequire(import.meta.url);

/** Absolute path of server-everything's launcher (`dist/index.js`). */
export const EVERYTHING_ENTRY = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);

/** How to spawn server-everything over stdio; `env` is added to the SDK's minimal default environment. */
export function everythingStdioParams(env: Record<string, string> = {}): StdioServerParameters {
  return {
    command: process.execPath,
    args: [EVERYTHING_ENTRY, 'stdio'],
    env,
    // Its stderr is chatty ("Starting default (STDIO) server..."); keep it out of the test output.
    stderr: 'pipe',
  };
}

/** A free TCP port on 127.0.0.1 (bind to port 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the bound port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

export interface EverythingHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:41234/mcp */
  url: URL;
  port: number;
  process: ChildProcess;
  /** Kills the server and resolves once the process has exited. */
  stop(): Promise<void>;
}

const LISTENING = /listening on port (\d+)/;

/**
 * Starts server-everything's Streamable HTTP server on a free port and resolves once it
 * reports that it is listening (it prints that from express's listen callback, so it
 * accepts connections from then on). Rejects with its output if it exits or times out first.
 */
export async function startEverythingHttp(options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<EverythingHttpServer> {
  const { timeoutMs = 15_000, env = {} } = options;
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING_ENTRY, 'streamableHttp'], {
    // express listens on all interfaces by default; nothing else reaches it in a test run.
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    // Keep a bounded tail for error messages; the server logs every request to stdout.
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', collect);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server-everything (HTTP) did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const onStderr = (chunk: Buffer): void => {
        collect(chunk);
        const match = LISTENING.exec(output);
        if (match && Number(match[1]) === port) {
          clearTimeout(timer);
          child.stderr?.off('data', onStderr);
          child.stderr?.on('data', collect);
          resolve();
        }
      };
      child.stderr?.on('data', onStderr);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server-everything (HTTP) exited early (code ${code}, signal ${signal}):\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return { url: new URL(`http://127.0.0.1:${port}/mcp`), port, process: child, stop };
}
