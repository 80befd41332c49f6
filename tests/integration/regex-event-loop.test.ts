// Regular expressions cannot stall the gateway: while a policy `regex` condition and a schema
// `pattern` (validate_schema, in the upstream's own inputSchema) are fed input that makes a
// backtracking engine run for seconds, another client's ping still answers at once. Real
// gateway, real HTTP, a real stdio upstream whose tools (and so whose schema) the test writes.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MUTABLE = path.resolve('tests/fixtures/servers/mutable-server.mjs');
// Catastrophic for a backtracking engine on 'a'×n + '!': each extra 'a' doubles the work.
const WORDS = '^(\\w+\\s?)*$';
const EMAIL = '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$';
// Before the fix each call held the event loop for 0.3–5 s (RegExp, on this machine).
const EVIL = `${'a'.repeat(24)}!`;
// The bound on a ping's round trip, which the issue asks for. On a quiet machine every ping is
// far under it. A busy machine slows every ping alike (seen: 90 ms medians with nothing in
// flight at a load average of 23 on 2 cores), so the typical (median) ping sent while a
// catastrophic call is in flight is held to the larger of the bound and a few times the median
// ping with nothing in flight, measured just before in the same run. Before the fix the median
// overlapped ping took 755 ms against ~2 ms idle. No other duration is asserted here.
const PING_BOUND_MS = 50;
const IDLE_FACTOR = 4;
// Linear-time, but slow: re2js builds a DFA state per character and, out of room, falls back to
// a slower mode. 64 KiB of random a/b held the event loop 0.7–2.2 s per call before the worker.
const HOSTILE = '[ab]{1,25}b[ab]{1,25}$';
const randomAB = (length: number): string => Array.from({ length }, () => (Math.random() < 0.5 ? 'a' : 'b')).join('');

const tools = [
  {
    name: 'lookup',
    description: 'Look a word up.',
    inputSchema: { type: 'object', properties: { word: { type: 'string', pattern: WORDS }, email: { type: 'string', pattern: EMAIL } } },
  },
  { name: 'scan', description: 'Scan a text.', inputSchema: { type: 'object', properties: { text: { type: 'string', pattern: HOSTILE } } } },
  { name: 'search', description: 'Search the notes.', inputSchema: { type: 'object', properties: { query: { type: 'string' } } } },
  // A pattern RE2 cannot run (lookahead): the tool is refused, never checked by backtracking.
  { name: 'rename', description: 'Rename a note.', inputSchema: { type: 'object', properties: { to: { type: 'string', pattern: '^(?!draft)\\w+$' } } } },
];
const policy = {
  version: '1',
  default: 'deny',
  tools: {
    lookup: { validate_schema: true },
    scan: { validate_schema: true },
    rename: { validate_schema: true },
    search: { require: [{ path: 'args.query', op: 'regex', value: WORDS }], deny_if: [{ path: 'args.query', op: 'regex', value: EMAIL }] },
  },
};

let tmp: string;
let app: TestApp;
let agent: Client;
let other: Client;
beforeAll(async () => {
  tmp = makeTempDir('portcullis-regex-');
  const toolsFile = path.join(tmp, 'tools.json');
  await writeFile(toolsFile, JSON.stringify(tools));
  app = await startTestApp({
    superviseUpstreams: true,
    servers: { words: { transport: 'stdio', command: process.execPath, args: [MUTABLE], env: { TOOLS_FILE: toolsFile } } },
    policies: { words: policy },
  });
  // validate_schema checks against the catalogued inputSchema: wait until it is known.
  await waitFor(async () => (await app.api.listCatalog({ serverId: 'words' })).length === tools.length, { what: 'the catalog' });
  agent = await connectHttpClient(app.endpoint('words'), { Authorization: `Bearer ${await app.grant('agent')}` }, 'agent');
  other = await connectHttpClient(app.endpoint('words'), { Authorization: `Bearer ${await app.grant('other')}` }, 'other');
}, 60_000);
afterAll(async () => {
  await agent?.close();
  await other?.close();
  await app?.stop();
  await rm(tmp, { recursive: true, force: true });
});

test('ordinary arguments pass both the schema pattern and the regex condition', async () => {
  expect(textOf(await agent.callTool({ name: 'lookup', arguments: { word: 'hello world', email: 'ann@example.org' } }))).toBe('ok: lookup');
  expect(textOf(await agent.callTool({ name: 'search', arguments: { query: 'hello world' } }))).toBe('ok: search');
});

test('a tool whose schema has a pattern RE2 cannot run is refused, naming the pattern', async () => {
  const result = await agent.callTool({ name: 'rename', arguments: { to: 'final' } });
  expect(result.isError).toBe(true);
  expect(textOf(result)).toContain('invalid regular expression "^(?!draft)\\\\w+$": a lookahead (`(?!`), which the linear-time engine (RE2) does not support');
  expect(textOf(result)).toMatch(/Rule: tools\.rename\./);
});

test("a second client's ping answers within 50 ms while catastrophic patterns are being matched", async () => {
  let inFlight = 0;
  let pinging = true;
  const outcomes: string[] = [];
  const call = async (name: string, args: Record<string, unknown>): Promise<void> => {
    inFlight++;
    try {
      const result = await agent.callTool({ name, arguments: args });
      outcomes.push(`${name}: ${result.isError === true ? 'denied' : 'allowed'}`);
    } finally {
      inFlight--;
    }
  };
  const idle = await idlePings();
  // The three catastrophic calls in turn, one at a time, for as long as the pings run
  // (bounded in count): enough to keep one in flight, not so many that they load the machine.
  const evil: [string, Record<string, unknown>][] = [['lookup', { word: EVIL }], ['lookup', { email: EVIL }], ['search', { query: EVIL }]];
  const calls = (async () => {
    for (let i = 0; i < 600 && pinging; i++) await call(...(evil[i % evil.length] as [string, Record<string, unknown>]));
  })();

  const pings: { ms: number; overlapped: boolean }[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      const overlapped = inFlight > 0;
      const started = performance.now();
      await other.ping();
      const ms = performance.now() - started;
      pings.push({ ms, overlapped });
      if (ms > 2_000) break; // the bug: no point waiting for the rest
    }
  } finally {
    pinging = false;
    await calls;
  }

  const overlapped = pings.filter((p) => p.overlapped).map((p) => p.ms);
  const shown = `ping round trips (ms): ${pings.map((p) => p.ms.toFixed(1)).join(', ')}; with nothing in flight: ${idle.map((ms) => ms.toFixed(1)).join(', ')}`;
  expect(overlapped.length, 'pings sent while a catastrophic call was in flight').toBeGreaterThanOrEqual(5);
  expect(median(overlapped), shown).toBeLessThan(Math.max(PING_BOUND_MS, IDLE_FACTOR * median(idle)));
  // And the catastrophic calls were decided, not let through.
  expect(outcomes.length).toBeGreaterThan(0);
  expect(outcomes.filter((o) => o.endsWith('allowed'))).toEqual([]);
}, 60_000);

test("a second client's ping answers while a hostile schema pattern is checked against 64 KiB, and that call is checked or refused, never forwarded unchecked", async () => {
  const matching = `${randomAB(64 * 1024 - 2)}ba`; // a b, then one more letter: matches
  const notMatching = `${randomAB(64 * 1024 - 30)}${'a'.repeat(30)}`; // no b among the last 26: does not match
  const deadlineText = /the tool's input schema pattern "\[ab\]\{1,25\}b\[ab\]\{1,25\}\$" \(against a string of 65,536 characters\) could not be checked: the check took longer than 1000 ms; the call was not forwarded/;
  let inFlight = 0;
  let pinging = true;
  const outcomes: { matches: boolean; allowed: boolean; text: string }[] = [];
  const idle = await idlePings();
  const calls = (async () => {
    for (let i = 0; i < 200 && pinging; i++) {
      const matches = i % 2 === 0;
      inFlight++;
      try {
        const result = await agent.callTool({ name: 'scan', arguments: { text: matches ? matching : notMatching } });
        outcomes.push({ matches, allowed: result.isError !== true, text: textOf(result) });
      } finally {
        inFlight--;
      }
    }
  })();

  // Pings until four calls (both kinds, twice: workers replaced in between) are decided, bounded in count.
  const pings: { ms: number; overlapped: boolean }[] = [];
  try {
    for (let i = 0; i < 400 && (i < 20 || outcomes.length < 4); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const overlapped = inFlight > 0;
      const started = performance.now();
      await other.ping();
      const ms = performance.now() - started;
      pings.push({ ms, overlapped });
      if (ms > 5_000) break; // the bug: no point waiting for the rest
    }
  } finally {
    pinging = false;
    await calls;
  }

  const overlapped = pings.filter((p) => p.overlapped).map((p) => p.ms);
  const shown = `ping round trips (ms): ${pings.map((p) => p.ms.toFixed(1)).join(', ')}; with nothing in flight: ${idle.map((ms) => ms.toFixed(1)).join(', ')}`;
  expect(overlapped.length, 'pings sent while a hostile call was in flight').toBeGreaterThanOrEqual(5);
  expect(median(overlapped), shown).toBeLessThan(Math.max(PING_BOUND_MS, IDLE_FACTOR * median(idle)));
  // Each call was either checked (and then answered as the pattern says) or refused after the deadline.
  expect(outcomes.length).toBeGreaterThanOrEqual(4);
  for (const outcome of outcomes) {
    if (outcome.allowed) expect(outcome, 'allowed only when the pattern matches').toMatchObject({ matches: true, text: 'ok: scan' });
    else if (!deadlineText.test(outcome.text)) expect(outcome.text).toContain('args.text must match pattern "[ab]{1,25}b[ab]{1,25}$"');
  }
  expect(outcomes.filter((o) => !o.matches && o.allowed)).toEqual([]);
}, 120_000);

/** Ten ping round trips with nothing in flight: how slow the machine is right now. */
async function idlePings(): Promise<number[]> {
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await other.ping();
    idle.push(performance.now() - started);
  }
  return idle;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
