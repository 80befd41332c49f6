import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogApi } from '../../../electron/gateway/api/catalog-api.js';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { apiErrorCodeOf } from '../../helpers/api-error-code.js';
import { tinyStdio } from '../../helpers/tiny.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-catalog-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
  // A command that fails at once: listing it again would be an error, not a wait.
  await addServer(app.gateway.config, 'listed', { transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: {} });
  app.catalog.sync('listed', { tools: [{ name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object' } }] });
});
afterAll(() => app.close());


it('listCatalog gives the entries of a known server; an unknown server is not-found', async () => {
  const api = catalogApi(app);
  expect((await api.listCatalog({ serverId: 'listed' })).map((e) => e.name)).toEqual(['read_file']);
  expect(await apiErrorCodeOf(api.listCatalog({ serverId: 'ghost' }))).toBe('not-found');
});

it('reviewTool and overrideRisk act on a catalogued tool; an unknown tool is not-found', async () => {
  const api = catalogApi(app);
  expect((await api.reviewTool({ serverId: 'listed', tool: 'read_file' })).name).toBe('read_file');
  const overridden = await api.overrideRisk({ serverId: 'listed', tool: 'read_file', override: { class: 'destructive' } });
  expect(overridden).toMatchObject({ class: 'destructive', override: { class: 'destructive' } });
  expect(await apiErrorCodeOf(api.reviewTool({ serverId: 'listed', tool: 'nope' }))).toBe('not-found');
  expect(await apiErrorCodeOf(api.overrideRisk({ serverId: 'listed', tool: 'nope', override: null }))).toBe('not-found');
});

it('with listUnlisted, a server nobody has listed is listed once over its own connection, and the caller is told', async () => {
  await addServer(app.gateway.config, 'tiny', tinyStdio());
  const notes: string[] = [];
  const entries = await catalogApi(app, { listUnlisted: { note: (m) => notes.push(m) } }).listCatalog({ serverId: 'tiny' });
  expect(entries.length).toBeGreaterThan(0);
  expect(notes[0]).toMatch(/No catalog for 'tiny' yet/);
  expect(notes[1]).toMatch(new RegExp(`Catalogued ${entries.length} tools? of 'tiny'`));
});

it('with listUnlisted, a server that cannot be reached is an internal error naming it', async () => {
  await addServer(app.gateway.config, 'broken', { transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: {} });
  const error = await catalogApi(app, { listUnlisted: { note: () => undefined } }).listCatalog({ serverId: 'broken' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'internal' });
  expect((error as Error).message).toMatch(/could not list the tools of 'broken'/);
});

it('without listUnlisted, an unlisted server just has no entries', async () => {
  expect(await catalogApi(app).listCatalog({ serverId: 'broken' })).toEqual([]);
});

it('with listUnlisted, a server already in the catalog is not connected to again', async () => {
  const notes: string[] = [];
  const entries = await catalogApi(app, { listUnlisted: { note: (m) => notes.push(m) } }).listCatalog({ serverId: 'listed' });
  expect(entries.map((e) => e.name)).toEqual(['read_file']);
  expect(notes).toEqual([]);
});
