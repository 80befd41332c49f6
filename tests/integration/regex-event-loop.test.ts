// Regular expressions cannot stall the gateway: while a policy `regex` condition and a schema
// `pattern` (validate_schema, in the upstream's own inputSchema) are fed input that makes a
// backtracking engine run for days, the calls are decided and another client's pings are answered
// meanwhile (checked by order and outcome, never by a duration). Real
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
// A backtracking engine takes about twice as long for each extra 'a': at 24 it held the event
// loop 0.3–5 s per call (RegExp, on this machine); at 40 it would take days. Nothing here
// measures time: a gateway that backtracked would never answer, and the test would time out.
const EVIL = `${'a'.repeat(40)}!`;
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

test("catastrophic patterns are decided, and a second client's pings are answered while they are matched", async () => {
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
  // The three catastrophic calls in turn, one at a time, for as long as the pings run
  // (bounded in count): enough to keep one in flight, not so many that they load the machine.
  const evil: [string, Record<string, unknown>][] = [['lookup', { word: EVIL }], ['lookup', { email: EVIL }], ['search', { query: EVIL }]];
  const calls = (async () => {
    for (let i = 0; i < 600 && pinging; i++) await call(...(evil[i % evil.length] as [string, Record<string, unknown>]));
  })();

  let overlapped = 0;
  try {
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (inFlight > 0) overlapped++;
      await other.ping();
    }
  } finally {
    pinging = false;
    await calls;
  }
  expect(overlapped, 'pings sent while a catastrophic call was in flight').toBeGreaterThanOrEqual(5);
  // Every catastrophic call was decided (a backtracking check would still be running), none let through.
  expect(outcomes.length).toBeGreaterThanOrEqual(3);
  expect(outcomes.filter((o) => o.endsWith('allowed'))).toEqual([]);
}, 60_000);

test("a second client's ping answers while a hostile schema pattern is checked against 64 KiB, and that call is checked or refused, never forwarded unchecked", async () => {
  const matching = `${randomAB(64 * 1024 - 2)}ba`; // a b, then one more letter: matches
  const notMatching = `${randomAB(64 * 1024 - 30)}${'a'.repeat(30)}`; // no b among the last 26: does not match
  const deadlineText = /the tool's input schema pattern "\[ab\]\{1,25\}b\[ab\]\{1,25\}\$" \(against a string of 65,536 characters\) could not be checked: the check took longer than 1000 ms; the call was not forwarded/;
  // Which call is in flight (numbered), so a ping can tell it was answered inside one call's
  // span: sent and answered while the same call was still being checked. A check on the
  // event loop would hold every ping until its call was decided.
  let current: number | undefined;
  let pinging = true;
  const outcomes: { matches: boolean; allowed: boolean; text: string }[] = [];
  const calls = (async () => {
    for (let i = 0; i < 200 && pinging; i++) {
      const matches = i % 2 === 0;
      current = i;
      try {
        const result = await agent.callTool({ name: 'scan', arguments: { text: matches ? matching : notMatching } });
        outcomes.push({ matches, allowed: result.isError !== true, text: textOf(result) });
      } finally {
        current = undefined;
      }
    }
  })();

  // Pings until four calls (both kinds, twice: workers replaced in between) are decided, bounded in count.
  let answeredInsideOneCall = 0;
  try {
    for (let i = 0; i < 400 && (i < 20 || outcomes.length < 4); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const sentDuring = current;
      await other.ping();
      if (sentDuring !== undefined && current === sentDuring) answeredInsideOneCall++;
    }
  } finally {
    pinging = false;
    await calls;
  }

  expect(answeredInsideOneCall, 'pings answered while the call they were sent during was still being checked').toBeGreaterThanOrEqual(5);
  // Each call was either checked (and then answered as the pattern says) or refused after the deadline.
  expect(outcomes.length).toBeGreaterThanOrEqual(4);
  for (const outcome of outcomes) {
    if (outcome.allowed) expect(outcome, 'allowed only when the pattern matches').toMatchObject({ matches: true, text: 'ok: scan' });
    else if (!deadlineText.test(outcome.text)) expect(outcome.text).toContain('args.text must match pattern "[ab]{1,25}b[ab]{1,25}$"');
  }
  expect(outcomes.filter((o) => !o.matches && o.allowed)).toEqual([]);
}, 120_000);
