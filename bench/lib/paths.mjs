// The paths of issue 11 (and 4b, a bare relay: the floor for any gateway with a stdio
// upstream), each in front of server-everything's `echo`. startPaths() starts
// whatever runs behind them (each in its own process group) and returns, per path, a way to
// open a fresh session with the lean client and with the SDK Client.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LeanClient } from './lean-client.mjs';
import { LeanStdioClient } from './lean-stdio-client.mjs';
import { freePort, spawnGroup, stopGroup, waitForLine, waitForPort } from './processes.mjs';
import { CLI, EVERYTHING, prepareDataDir, removeDataDir, startGateway } from './portcullis.mjs';
import { ALLOW_ALL_POLICY, realisticPolicy } from './realistic-policy.mjs';

const LOOPBACK = path.resolve('bench/lib/loopback-only.mjs');
const SUPERGATEWAY = path.resolve('node_modules/supergateway/dist/index.js');
const MCP_PROXY = path.resolve('node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs');
const BARE = path.resolve('bench/lib/bare-responder.mjs');
const BARE_RELAY = path.resolve('bench/lib/bare-relay.mjs');
const node = process.execPath;

export const PATHS = [
  { id: 'direct', label: '1 direct stdio', short: 'direct stdio' },
  { id: 'everything-http', label: '2 server-everything HTTP', short: 'everything HTTP' },
  { id: 'supergateway', label: '3 supergateway 4', short: 'supergateway' },
  { id: 'mcp-proxy', label: '3 mcp-proxy 6', short: 'mcp-proxy' },
  { id: 'bare-http', label: '4 bare HTTP limit', short: 'bare HTTP' },
  { id: 'bare-relay', label: '4b bare relay to stdio', short: 'bare relay' },
  { id: 'portcullis-allow', label: '5a Portcullis allow-all', short: 'Portcullis 5a' },
  { id: 'portcullis-policy', label: '5b Portcullis 1,000 rules', short: 'Portcullis 5b' },
  { id: 'portcullis-connect', label: '6 portcullis connect', short: 'connect (stdio)' },
];
export const PEERS = ['supergateway', 'mcp-proxy'];

/** SDK Client over Streamable HTTP or stdio; call() is tools/call as an agent makes it. */
async function sdkClient(transport) {
  const client = new Client({ name: 'sdk-bench', version: '1' });
  await client.connect(transport);
  return client;
}

function httpSessions(url, headers = {}) {
  return {
    lean: async () => {
      const client = new LeanClient(url, headers);
      await client.connect();
      return client;
    },
    sdk: () => sdkClient(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } })),
  };
}

function stdioSessions(command, args, env = {}) {
  return {
    lean: async () => {
      const client = new LeanStdioClient(command, args, { env });
      await client.connect();
      return client;
    },
    sdk: () => sdkClient(new StdioClientTransport({ command, args, env: { ...process.env, ...env }, stderr: 'ignore' })),
  };
}

async function startOnPort(args, readyPath) {
  const port = await freePort();
  const child = spawnGroup(node, args(port), { env: { PORT: String(port) } });
  await waitForPort(port, child);
  return { child, url: `http://127.0.0.1:${port}${readyPath}` };
}

/** Starts every path; returns { paths: [{ ...PATHS[i], pid, lean(), sdk() }], gateways, stop() }. */
export async function startPaths() {
  const children = [];
  const dataDirs = [];
  const everythingHttp = await startOnPort(() => ['--import', LOOPBACK, EVERYTHING, 'streamableHttp'], '/mcp');
  const stdioCommand = `${node} ${EVERYTHING} stdio`;
  const supergateway = await startOnPort(
    (port) => ['--import', LOOPBACK, SUPERGATEWAY, '--stdio', stdioCommand, '--outputTransport', 'streamableHttp', '--stateful', '--port', String(port), '--logLevel', 'none'],
    '/mcp',
  );
  const mcpProxy = await startOnPort((port) => [MCP_PROXY, '--port', String(port), '--host', '127.0.0.1', '--', node, EVERYTHING, 'stdio'], '/mcp');
  const bare = spawnGroup(node, [BARE]);
  const [, barePort] = await waitForLine(bare, /listening (\d+)\n/);
  const relay = spawnGroup(node, [BARE_RELAY, node, EVERYTHING, 'stdio']);
  const [, relayPort] = await waitForLine(relay, /listening (\d+)\n/);
  children.push(everythingHttp.child, supergateway.child, mcpProxy.child, bare, relay);

  const allowDir = await prepareDataDir({ serverIds: ['everything'], policy: ALLOW_ALL_POLICY });
  const policyDir = await prepareDataDir({ serverIds: ['everything'], policy: realisticPolicy() });
  dataDirs.push(allowDir.dataDir, policyDir.dataDir);
  const allow = await startGateway(allowDir);
  const realistic = await startGateway(policyDir);
  const auth = (token) => ({ Authorization: `Bearer ${token}` });

  const sessions = {
    direct: { pid: undefined, ...stdioSessions(node, [EVERYTHING, 'stdio']) },
    'everything-http': { pid: everythingHttp.child.pid, ...httpSessions(everythingHttp.url) },
    supergateway: { pid: supergateway.child.pid, ...httpSessions(supergateway.url) },
    'mcp-proxy': { pid: mcpProxy.child.pid, ...httpSessions(mcpProxy.url) },
    'bare-http': { pid: bare.pid, ...httpSessions(`http://127.0.0.1:${barePort}/mcp`) },
    'bare-relay': { pid: relay.pid, ...httpSessions(`http://127.0.0.1:${relayPort}/mcp`) },
    'portcullis-allow': { pid: allow.pid, ...httpSessions(allow.endpoint('everything'), auth(allowDir.token)) },
    'portcullis-policy': { pid: realistic.pid, ...httpSessions(realistic.endpoint('everything'), auth(policyDir.token)) },
    'portcullis-connect': { pid: allow.pid, ...stdioSessions(node, [CLI, 'connect', 'everything', '--url', allow.url], { PORTCULLIS_TOKEN: allowDir.token }) },
  };
  return {
    paths: PATHS.map((p) => ({ ...p, ...sessions[p.id] })),
    async stop() {
      await Promise.all([allow.stop(), realistic.stop(), ...children.map((c) => stopGroup(c))]);
      await Promise.all(dataDirs.map(removeDataDir));
    },
  };
}
