#!/usr/bin/env node
// A client for the MCP conformance suite's client scenarios (`@modelcontextprotocol/conformance
// client --command "node scripts/conformance-client.mjs"`), played by Portcullis: the scenario
// server is registered in a throw-away data directory, `portcullis serve` fronts it, an SDK
// client calls its tools through the gateway, and whenever the gateway says the server needs a
// sign-in, `portcullis server login --no-browser` signs in (a fetch plays the browser). So
// the gateway's own upstream OAuth is what the scenario checks, through the built CLI (dist/).
//
// Usage: node scripts/conformance-client.mjs <server-url>   (the suite appends the URL)
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const CLI = fileURLToPath(new URL('../bin/portcullis.js', import.meta.url));
const SERVER = 'conformance';
/** The suite allows at most 3 authorizations; a client that needs more is looping. */
const MAX_SIGN_INS = 3;
const WAIT_MS = 15_000;

const serverUrl = process.argv[2];
if (!serverUrl) {
  console.error('usage: conformance-client.mjs <server-url>');
  process.exit(2);
}
const log = (message) => console.error(`[portcullis-client] ${message}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-conformance-'));
const children = new Set();

/** Runs `portcullis <args>` to the end; resolves with its output, rejects on a non-zero exit. */
function cli(args, { onStdout } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onStdout?.(stdout);
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`portcullis ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** Starts `portcullis serve` on a free port; resolves with the gateway's address. */
function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1].replace(/\/$/, ''));
    });
    child.stderr.on('data', (chunk) => log(`serve: ${String(chunk).trim()}`));
    child.on('close', (code) => reject(new Error(`portcullis serve exited with ${code}`)));
  });
}

async function status() {
  const { stdout } = await cli(['server', 'list', '--json']);
  return JSON.parse(stdout).find((s) => s.id === SERVER)?.status;
}

async function waitForStatus(accept, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const current = await status();
    if (current && accept(current)) return current;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (status ${JSON.stringify(current)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `portcullis server login --no-browser`, with a fetch following the printed URL as a browser would. */
async function signIn() {
  let browsed;
  await cli(['server', 'login', SERVER, '--no-browser', '--timeout', '30'], {
    onStdout: (text) => {
      const match = /^Open this URL to sign in: (\S+)$/m.exec(text);
      if (match && !browsed) browsed = fetch(match[1]).then((response) => response.body?.cancel());
    },
  });
  await browsed;
}

/** Lists the tools and calls the first; 'done', or 'needs-sign-in' with the gateway's reason. */
async function useTools(client) {
  const { tools } = await client.listTools();
  if (tools.length === 0) return { outcome: 'needs-sign-in', why: 'no tools listed' };
  const result = await client.callTool({ name: tools[0].name, arguments: {} });
  const text = result.content?.map((c) => c.text ?? '').join(' ') ?? '';
  if (!result.isError) return { outcome: 'done', text };
  return { outcome: 'needs-sign-in', why: text };
}

/**
 * How the server is registered: as a client configured with a client ID metadata document
 * URL (used where the authorization server supports them, the suite's own URL), and with the
 * pre-registered credentials a scenario hands out in MCP_CONFORMANCE_CONTEXT.
 */
function oauthOptions() {
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
  return [
    '--oauth-client-metadata-url',
    'https://conformance-test.local/client-metadata.json',
    ...(context.client_id ? ['--oauth-client-id', context.client_id] : []),
    ...(context.client_secret ? ['--oauth-client-secret', context.client_secret] : []),
  ];
}

let exitCode = 1;
try {
  await cli(['server', 'add', SERVER, '--url', serverUrl, ...oauthOptions()]);
  const policy = path.join(dataDir, 'allow-all.json');
  await writeFile(policy, JSON.stringify({ version: '1', default: 'allow' }));
  await cli(['policy', 'set', SERVER, policy]);
  const token = (await cli(['grant', 'create', 'conformance'])).stdout.trim();
  const gateway = await serve();
  const client = new Client({ name: 'portcullis-conformance-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway}/mcp/${SERVER}`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));

  for (let signIns = 0; ; signIns++) {
    const attempt = await useTools(client);
    if (attempt.outcome === 'done') {
      log(`tool call answered: ${attempt.text}`);
      exitCode = 0;
      break;
    }
    const current = await waitForStatus((s) => s.state !== 'connecting', 'the server to settle');
    if (current.state !== 'needs-sign-in') throw new Error(`gave up (${attempt.why}): server is ${current.state}: ${current.lastError ?? ''}`);
    if (signIns === MAX_SIGN_INS) throw new Error(`still asked to sign in after ${signIns} sign-ins: ${current.lastError}`);
    log(`signing in (${current.lastError})`);
    await signIn();
    // The gateway sees the new tokens within a second or so and lists again: wait for the status to move on.
    const before = JSON.stringify([current.state, current.lastError, current.since]);
    await waitForStatus((s) => s.state !== 'connecting' && JSON.stringify([s.state, s.lastError, s.since]) !== before, 'the gateway to take the sign-in');
  }
  await client.close();
} catch (error) {
  log(`failed: ${error.message}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
process.exit(exitCode);
