// A refused call's record is on disk before its answer leaves the gateway: `kill -9` may land
// between any two instructions, and a client must never hold a refusal the log does not have.
// (Writing the record later in the same event-loop turn was not enough: the reliability suite's
// kill -9 under load once found an answered denial missing from the log.) Checked in order, not
// by timing: at the moment each tools/call answer is written to its socket, the log files are
// read synchronously and must already hold that call.
// A forwarded call is logged just after its answer goes out (the record carries the answer's
// exact size), so it is not checked here: see the closing note of this change.
import { readdirSync, readFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { odooFixture, startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient } from '../helpers/sdk-client.js';

let app: TestApp;
let client: Client;
/** For each tools/call answer, in the order written: how many records the log held at that moment. */
const loggedAtAnswer: number[] = [];

function loggedRecords(): number {
  const dir = path.join(app.dataDir, 'logs');
  let lines = 0;
  for (const file of readdirSync(dir)) lines += readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean).length;
  return lines;
}

/** An answer to tools/call, whether sent as JSON or as an SSE event. */
const isToolAnswer = (chunk: unknown): boolean => (typeof chunk === 'string' || Buffer.isBuffer(chunk)) && /"result":\{"content"/.test(chunk.toString());

beforeAll(async () => {
  app = await startTestApp({
    servers: { odoo: odooFixture() },
    policies: { odoo: { version: '1', default: 'allow', tools: { odoo_unlink: { action: 'deny', reason: 'no deletes' } } } },
  });
  const token = await app.grant('agent');
  client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
  for (const method of ['end', 'write'] as const) {
    const original = ServerResponse.prototype[method] as (...args: unknown[]) => unknown;
    vi.spyOn(ServerResponse.prototype, method).mockImplementation(function (this: ServerResponse, ...args: unknown[]) {
      if (isToolAnswer(args[0])) loggedAtAnswer.push(loggedRecords());
      return original.apply(this, args);
    } as never);
  }
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await client?.close();
  await app?.stop();
});

it('writes each refused call to the log before its refusal goes out', async () => {
  const calls = [1, 2, 3].map((id) => ({ name: 'odoo_unlink', arguments: { model: 'res.partner', ids: [id] } }));
  const denied: boolean[] = [];
  for (const call of calls) denied.push((await client.callTool(call)).isError === true);
  expect(denied).toEqual([true, true, true]);
  // The i-th answer found at least i records: its own among them.
  expect(loggedAtAnswer).toHaveLength(calls.length);
  loggedAtAnswer.forEach((records, i) => expect(records, `records on disk when answer ${i + 1} went out`).toBeGreaterThanOrEqual(i + 1));
});
