import { appendFile } from 'node:fs/promises';
import { beforeEach, expect, it } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import { createCallIdGenerator } from '../../../electron/gateway/calllog/call-id.js';
import { callLogPath, utcDay } from '../../../electron/gateway/calllog/log-files.js';
import { callsOldestFirst } from '../../../electron/gateway/policy/replay-source.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { DAY, MINUTE, T0, makeRecord } from '../calllog/helpers.js';

const tmp = useTempDir('portcullis-replay-source-');
let nextId = createCallIdGenerator();
beforeEach(() => {
  nextId = createCallIdGenerator();
});
const record = (ms: number, overrides: Partial<CallRecord> = {}) => makeRecord(ms, { id: nextId(ms), ...overrides });

async function write(records: CallRecord[]): Promise<void> {
  for (const r of records) await appendFile(callLogPath(tmp.path, utcDay(r.time)), JSON.stringify(r) + '\n');
}

async function read(filter: Parameters<typeof callsOldestFirst>[1], tally = { skippedLines: 0 }): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of callsOldestFirst(tmp.path, filter, tally)) ids.push(r.id);
  return ids;
}

it("one server's records, oldest first across days, each day sorted by id whatever the file order", async () => {
  const a = record(T0 - DAY);
  const b = record(T0);
  const c = record(T0 + MINUTE);
  const otherServer = record(T0 + 2 * MINUTE, { server: 'memory' });
  await write([c, otherServer, b, a]); // a day file written out of order
  expect(await read({ server: 'odoo' })).toEqual([a.id, b.id, c.id]);
  expect(await read({ server: 'memory' })).toEqual([otherServer.id]);
});

it('from/to bound the days read and the records (to is exclusive)', async () => {
  const old = record(T0 - 2 * DAY);
  const inside = record(T0);
  const atTo = record(T0 + MINUTE);
  await write([old, inside, atTo]);
  expect(await read({ server: 'odoo', from: new Date(T0 - DAY).toISOString(), to: new Date(T0 + MINUTE).toISOString() })).toEqual([inside.id]);
});

it('bad lines are counted, not thrown; a bad time is refused', async () => {
  const a = record(T0);
  await write([a]);
  await appendFile(callLogPath(tmp.path, utcDay(T0)), 'torn{\n');
  const tally = { skippedLines: 0 };
  expect(await read({ server: 'odoo' }, tally)).toEqual([a.id]);
  expect(tally.skippedLines).toBe(1);
  await expect(read({ server: 'odoo', from: 'soon' })).rejects.toThrow(/"from" is not a valid time/);
});
