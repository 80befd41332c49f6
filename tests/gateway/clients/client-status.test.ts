// For `clients list` and the window: each known file with its status, server counts, and
// whether Portcullis connected it; and which file connect edits when none is named.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientStatuses, defaultConnectFile } from '../../../electron/gateway/clients/client-status.js';
import { configLocations, type LocationContext } from '../../../electron/gateway/clients/config-locations.js';
import { writeConnection } from '../../../electron/gateway/clients/connection-records.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-client-status-');
const PORTS = new Set([7337]);
const context = (): LocationContext => ({ platform: 'linux', env: {}, home: path.join(tmp.path, 'home'), projectDir: path.join(tmp.path, 'project') });
const put = (file: string, value: unknown) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
};

describe('clientStatuses', () => {
  it('lists every location of the asked clients with status, counts and the connection record', async () => {
    const ctx = context();
    const [cursorUser, cursorProject] = configLocations('cursor', ctx).map((l) => l.path);
    const [windsurf] = configLocations('windsurf', ctx).map((l) => l.path);
    put(cursorUser!, { mcpServers: { a: { command: 'node' }, b: { url: 'http://127.0.0.1:7337/mcp/a' } } });
    put(windsurf!, '{ broken');
    const dataDir = path.join(tmp.path, 'data');
    await writeConnection(dataDir, cursorUser!, {
      client: 'cursor', file: cursorUser!, grant: 'Cursor', connectedAt: '2026-12-01T10:00:00.000Z', existed: true, writtenSha256: 'x', exact: true, entries: [],
    });
    const statuses = await clientStatuses(ctx, dataDir, PORTS, ['cursor', 'windsurf']);
    expect(statuses.map((s) => [s.client, s.scope, s.status, s.servers, s.viaPortcullis, s.connected])).toEqual([
      ['cursor', 'user', 'read', 2, 1, true],
      ['cursor', 'project', 'missing', 0, 0, false],
      ['windsurf', 'user', 'error', 0, 0, false],
    ]);
    expect(statuses[0]).toMatchObject({ label: 'Cursor', file: cursorUser, connectedAt: '2026-12-01T10:00:00.000Z' });
    expect(statuses[1]!.file).toBe(cursorProject);
    expect('connectedAt' in statuses[1]!).toBe(false);
    expect(statuses[2]!.error).toMatch(/is not valid JSON at line 1/);
  });
});

describe('defaultConnectFile', () => {
  it('picks the first user file with servers, over one that merely exists', async () => {
    const ctx = context();
    const [vsMcp, vsSettings, insidersMcp] = configLocations('vscode', ctx).map((l) => l.path);
    expect(await defaultConnectFile('vscode', ctx, PORTS)).toEqual({ file: vsMcp, scope: 'user' });
    put(vsSettings!, { 'editor.fontSize': 12 });
    expect((await defaultConnectFile('vscode', ctx, PORTS)).file).toBe(vsSettings);
    put(insidersMcp!, { servers: { x: { command: 'node' } } });
    expect((await defaultConnectFile('vscode', ctx, PORTS)).file).toBe(insidersMcp);
  });

  it('never picks a project file', async () => {
    const ctx = context();
    const [user, project] = configLocations('cursor', ctx).map((l) => l.path);
    put(project!, { mcpServers: { x: { command: 'node' } } });
    expect(await defaultConnectFile('cursor', ctx, PORTS)).toEqual({ file: user, scope: 'user' });
  });
});
