// Reading config locations into entries: a missing file is a status, an empty one another,
// a file that does not parse an error in words; each client read with its own comment rule.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigLocation } from '../../../electron/gateway/clients/config-locations.js';
import { scanLocation, scanLocations } from '../../../electron/gateway/clients/scan-clients.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-scan-');
const PORTS = new Set([7337]);
const at = (client: ConfigLocation['client'], name: string, text?: string): ConfigLocation => {
  const file = path.join(tmp.path, name);
  if (text !== undefined) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { client, scope: 'user', path: file, description: name };
};

describe('scanLocation', () => {
  it('reports a missing and an empty file by status, with no entries', async () => {
    expect(await scanLocation(at('cursor', 'none.json'), PORTS)).toMatchObject({ status: 'missing', entries: [] });
    expect(await scanLocation(at('cursor', 'empty.json', '\n'), PORTS)).toMatchObject({ status: 'empty', entries: [] });
  });

  it('reads the entries, marking those that already go through Portcullis', async () => {
    const text = JSON.stringify({ mcpServers: { db: { command: 'node', args: ['db.js'] }, gw: { url: 'http://127.0.0.1:7337/mcp/db' } } });
    const scanned = await scanLocation(at('cursor', 'mcp.json', text), PORTS);
    expect(scanned.status).toBe('read');
    expect(scanned.entries.map((e) => [e.name, e.portcullis])).toEqual([['db', undefined], ['gw', { serverId: 'db' }]]);
    expect(scanned.config?.doc).toEqual(JSON.parse(text));
  });

  it('reports a file that does not parse as an error with its position, and comments only where the client allows them', async () => {
    const jsonc = '{ /* note */ "mcpServers": {} }';
    expect((await scanLocation(at('cursor', 'cursor.json', jsonc), PORTS)).status).toBe('read');
    const strict = await scanLocation(at('claude-desktop', 'desktop.json', jsonc), PORTS);
    expect(strict).toMatchObject({ status: 'error', entries: [] });
    expect(strict.error).toMatch(/line 1, column 3: comments are not allowed/);
  });
});

describe('scanLocations', () => {
  it('scans every location, in order', async () => {
    const scanned = await scanLocations([at('windsurf', 'a.json'), at('windsurf', 'b.json', '{"mcpServers":{"x":{"serverUrl":"https://x"}}}')], PORTS);
    expect(scanned.map((s) => [s.location.description, s.status, s.entries.length])).toEqual([['a.json', 'missing', 0], ['b.json', 'read', 1]]);
  });
});
