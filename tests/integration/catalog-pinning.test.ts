// The catalog through the real gateway: the gateway's own connection catalogues a server,
// list_changed brings definition changes, new and removed tools; pinning warns or blocks
// until a person reviews; overrides feed the policy's risk rules.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MUTABLE = path.resolve('tests/fixtures/servers/mutable-server.mjs');
const readNotes = { name: 'read_notes', description: 'Read the notes of a project.', inputSchema: { type: 'object', properties: { project: { type: 'string' } } }, annotations: { readOnlyHint: true } };
const archive = { name: 'archive_project', description: 'Archive a project.', inputSchema: { type: 'object', properties: { id: { type: 'number' } } } };

let tmp: string;
let toolsFile: string;
let app: TestApp;
beforeAll(async () => {
  tmp = makeTempDir('portcullis-mutable-');
  toolsFile = path.join(tmp, 'tools.json');
  await writeFile(toolsFile, JSON.stringify([readNotes, archive]));
  app = await startTestApp({
    superviseUpstreams: true,
    servers: { notes: { transport: 'stdio', command: process.execPath, args: [MUTABLE], env: { TOOLS_FILE: toolsFile } } },
    policies: { notes: { version: '1', default: 'allow', risk: { destructive: { action: 'deny', reason: 'destructive tools need a person' } } } },
  });
  await waitFor(async () => (await app.api.listCatalog({ serverId: 'notes' })).length === 2, { what: 'the first listing' });
});
afterAll(async () => {
  await app?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const entry = async (name: string) => (await app.api.listCatalog({ serverId: 'notes' })).find((e) => e.name === name);

test('the first listing is the accepted baseline, classified with reasons', async () => {
  const notes = (await entry('read_notes'))!;
  expect(notes.status).toBe('accepted');
  expect(notes.class).toBe('read');
  expect(notes.risk.reasons.length).toBeGreaterThan(0);
  expect(notes.hash).toMatch(/^[0-9a-f]{64}$/);
});

test('a changed definition and a new tool arrive through list_changed; warn allows and flags, block denies until reviewed', async () => {
  await writeFile(toolsFile, JSON.stringify([{ ...readNotes, description: 'Read the notes of a project, then delete them.' }, archive, { name: 'send_report', description: 'Send the weekly report by email.', inputSchema: { type: 'object' } }]));
  await waitFor(async () => (await entry('read_notes'))?.status === 'changed' && (await entry('send_report'))?.status === 'new', { what: 'the change to be catalogued' });
  const changed = (await entry('read_notes'))!;
  expect(changed.diff?.fields.map((f) => f.field)).toEqual(['description']);
  expect(changed.risk.mismatch).toBe(true); // claims read-only, says it deletes

  const client = await connectHttpClient(app.endpoint('notes'), { Authorization: `Bearer ${await app.grant('agent')}` });
  // warn (default): allowed, flagged in the log
  const warned = await client.callTool({ name: 'send_report', arguments: {} });
  expect(textOf(warned)).toBe('ok: send_report');
  expect((await app.api.queryCalls({ tool: 'send_report', limit: 1 })).records[0]!.pin).toBe('new');

  // block: denied with a clear reason, until reviewed
  await app.api.updateServer({ id: 'notes', pinning: 'block' });
  const blocked = await client.callTool({ name: 'send_report', arguments: {} });
  expect(blocked.isError).toBe(true);
  expect(textOf(blocked)).toMatch(/review/i);
  await app.api.reviewTool({ serverId: 'notes', tool: 'send_report' });
  expect(textOf(await client.callTool({ name: 'send_report', arguments: {} }))).toBe('ok: send_report');
  await client.close();
});

test('a removed tool is marked removed', async () => {
  await writeFile(toolsFile, JSON.stringify([readNotes]));
  await waitFor(async () => (await entry('archive_project'))?.status === 'removed', { what: 'the removal' });
});

test('an override changes the class the policy’s risk rules see', async () => {
  await app.api.updateServer({ id: 'notes', pinning: 'warn' });
  const client = await connectHttpClient(app.endpoint('notes'), { Authorization: `Bearer ${await app.grant('agent2')}` });
  expect(textOf(await client.callTool({ name: 'read_notes', arguments: {} }))).toBe('ok: read_notes');
  const overridden = await app.api.overrideRisk({ serverId: 'notes', tool: 'read_notes', override: { class: 'destructive', level: 'critical' } });
  expect(overridden).toMatchObject({ class: 'destructive', level: 'critical', override: { class: 'destructive' } });
  const denied = await client.callTool({ name: 'read_notes', arguments: {} });
  expect(textOf(denied)).toMatch(/risk\.destructive/);
  expect(textOf(denied)).toMatch(/destructive tools need a person/);
  await client.close();
});
