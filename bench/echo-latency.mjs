// Per-call latency of tools/call echo: direct over stdio vs through the gateway (stdio upstream),
// sequential, in alternating rounds in one process run. Prints medians and p99.
// Usage: npm run build && node bench/echo-latency.mjs [calls-per-round=500] [rounds=4]
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Gateway } from '../dist/electron/gateway/gateway.js';
import { addServer } from '../dist/electron/gateway/admin/servers.js';
import { createGrant } from '../dist/electron/gateway/admin/grants.js';
import { LeanClient } from './lib/lean-client.mjs';
import { summarize, formatRow } from './lib/stats.mjs';

const perRound = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 4);
const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-bench-'));
const gateway = await Gateway.start({ dataDir, port: 0, host: '127.0.0.1', superviseUpstreams: false });
await addServer(gateway.config, 'everything', { transport: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], env: {} });
const { token } = await createGrant(gateway.config, 'bench');
const auth = { Authorization: `Bearer ${token}` };

const direct = new Client({ name: 'bench', version: '1' });
await direct.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' }));
const viaSdk = new Client({ name: 'bench', version: '1' });
await viaSdk.connect(new StreamableHTTPClientTransport(new URL(gateway.endpoint('everything')), { requestInit: { headers: auth } }));
const viaLean = new LeanClient(gateway.endpoint('everything'), auth);
await viaLean.connect();

const { ResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
const call = {
  'direct stdio (SDK Client)': () => direct.request({ method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } }, ResultSchema),
  'gateway, lean HTTP client': () => viaLean.callTool('echo', { message: 'hi' }),
  'gateway, SDK Client': () => viaSdk.request({ method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } }, ResultSchema),
};
const samples = Object.fromEntries(Object.keys(call).map((k) => [k, []]));
for (const fn of Object.values(call)) for (let i = 0; i < 100; i++) await fn(); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const [name, fn] of Object.entries(call)) {
    for (let i = 0; i < perRound; i++) {
      const t = performance.now();
      await fn();
      samples[name].push(performance.now() - t);
    }
  }
}
console.log(`tools/call echo, sequential, ${rounds} alternating rounds × ${perRound} calls, ${os.cpus().length} cores, Node ${process.version}`);
const base = summarize(samples['direct stdio (SDK Client)']);
for (const [name, values] of Object.entries(samples)) console.log(formatRow(name, summarize(values), base));

await viaLean.close();
await viaSdk.close();
await direct.close();
await gateway.close();
await rm(dataDir, { recursive: true, force: true });
