// Import: ids sanitised and de-duplicated, Portcullis entries and known servers skipped,
// stdio and URL servers registered with their env and headers.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { clientInfo } from '../../../electron/gateway/clients/client-kinds.js';
import { readClientConfig } from '../../../electron/gateway/clients/config-file.js';
import { applyImport, planImport } from '../../../electron/gateway/clients/import-servers.js';
import { readClientEntries, type ClientServerEntry } from '../../../electron/gateway/clients/read-entries.js';
import { sanitizeServerId, uniqueServerId } from '../../../electron/gateway/clients/server-ids.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { SERVER_ID_PATTERN } from '../../../shared/config.js';
import { FIXTURES, tempDir } from './fixtures.js';

async function entriesOf(client: Parameters<typeof clientInfo>[0], relative: string): Promise<ClientServerEntry[]> {
  const config = await readClientConfig(path.join(FIXTURES, relative), { allowsComments: clientInfo(client).allowsComments });
  return readClientEntries(client, config.file, config.doc, 'user', new Set([7337]));
}

let temp: Awaited<ReturnType<typeof tempDir>>;
let store: ConfigStore;
beforeEach(async () => {
  temp = await tempDir('import');
  store = await ConfigStore.open(temp.dir);
});
afterEach(async () => {
  store.close();
  await temp.remove();
});

describe('server ids', () => {
  test('sanitised to SERVER_ID_PATTERN', () => {
    const cases: [string, string][] = [
      ['Brave Search', 'brave-search'],
      ['@acme/db', 'acme-db'],
      ['Café Déjà', 'cafe-deja'],
      ['__x__', 'x'],
      ['!!!', 'server'],
      ['a'.repeat(80), 'a'.repeat(63)],
    ];
    for (const [name, id] of cases) {
      expect(sanitizeServerId(name), name).toBe(id);
      expect(SERVER_ID_PATTERN.test(sanitizeServerId(name))).toBe(true);
    }
  });

  test('collisions get -2, -3…, shortened to stay valid', () => {
    expect(uniqueServerId('github', new Set(['github']))).toBe('github-2');
    expect(uniqueServerId('github', new Set(['github', 'github-2']))).toBe('github-3');
    const long = 'b'.repeat(63);
    const next = uniqueServerId(long, new Set([long]));
    expect(next).toBe(`${'b'.repeat(61)}-2`);
    expect(SERVER_ID_PATTERN.test(next)).toBe(true);
  });
});

describe('planImport and applyImport', () => {
  test('stdio and URL servers registered with env and headers; names sanitised', async () => {
    const entries = [...(await entriesOf('claude-desktop', 'claude-desktop/claude_desktop_config.json')), ...(await entriesOf('claude-code', 'claude-code/.claude.json'))];
    const plan = planImport(store.data.servers, entries);
    expect(plan.map((p) => `${p.action}:${p.serverId}`)).toEqual([
      'add:filesystem', 'add:github', 'add:brave-search', 'add:postgres', 'add:memory', 'add:linear', 'add:sentry', 'add:shop-db',
    ]);
    const added = await applyImport(store, plan);
    expect(added).toHaveLength(8);
    await store.reload();
    expect(store.server('github')!.upstream).toEqual({ transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_FAKEfixtureToken0123456789abcdefABCD' } });
    expect(store.server('sentry')!.upstream).toEqual({ transport: 'http', url: 'https://mcp.sentry.dev/mcp', headers: { Authorization: 'Bearer sntrys_fixtureSecretToken' } });
    expect(store.server('linear')!.upstream).toMatchObject({ transport: 'sse' });
    expect(store.server('shop-db')!.upstream).toMatchObject({ env: { DATABASE_URL: 'postgres://shop:s3cret-pw@localhost:5432/shop' } });
  });

  test('importing again adds nothing: known upstreams are skipped with their id', async () => {
    const entries = await entriesOf('windsurf', 'windsurf/mcp_config.json');
    await applyImport(store, planImport(store.data.servers, entries));
    const again = planImport(store.data.servers, entries);
    expect(again.map((p) => p.action)).toEqual(['skip', 'skip', 'skip']);
    expect(again[0]!.reason).toBe("already registered as 'talaria'");
    expect(await applyImport(store, again)).toEqual([]);
  });

  test('a different server with a taken name gets a suffix; the same server twice in one scan is imported once', async () => {
    await addServer(store, 'github', { transport: 'stdio', command: 'other', args: [], env: {} });
    const desktop = await entriesOf('claude-desktop', 'claude-desktop/claude_desktop_config.json');
    const twice = [...desktop, ...desktop];
    const plan = planImport(store.data.servers, twice);
    expect(plan.find((p) => p.entry.name === 'github' && p.action === 'add')!.serverId).toBe('github-2');
    expect(plan.filter((p) => p.action === 'add')).toHaveLength(4);
    expect(plan.slice(4).every((p) => p.action === 'skip' && /same server as/.test(p.reason ?? ''))).toBe(true);
  });

  test('entries that already go through Portcullis are skipped with a note', async () => {
    const plan = planImport(store.data.servers, await entriesOf('claude-desktop', 'odd/already-connected.json'));
    expect(plan.map((p) => [p.entry.name, p.action, p.reason])).toEqual([
      ['everything', 'skip', "already goes through Portcullis (server 'everything')"],
      ['memory-via-npx', 'skip', "already goes through Portcullis (server 'memory')"],
      ['weather', 'add', undefined],
    ]);
  });

  test('--only picks servers by client name or id; an unknown name is an error listing what there is', async () => {
    const entries = await entriesOf('claude-desktop', 'claude-desktop/claude_desktop_config.json');
    expect(planImport([], entries, { only: ['github', 'brave-search'] }).map((p) => p.serverId)).toEqual(['github', 'brave-search']);
    expect(() => planImport([], entries, { only: ['nope'] })).toThrow(/no server named 'nope' was found \(found: filesystem, github, Brave Search, postgres\)/);
  });
});

describe('entries that cannot be registered', () => {
  const entry = (name: string, upstream: ClientServerEntry['upstream']): ClientServerEntry => ({
    client: 'claude-desktop', file: '/x/claude_desktop_config.json', scope: 'user', name, path: ['mcpServers', name], raw: {}, upstream, disabled: false, notes: [],
  });

  test('a file: or javascript: URL is skipped at planning, with the reason; the valid ones are imported', async () => {
    const entries = [
      entry('good', { transport: 'http', url: 'https://mcp.example.com/mcp', headers: {} }),
      entry('local-file', { transport: 'http', url: 'file:///etc/passwd', headers: {} }),
      entry('script', { transport: 'sse', url: 'javascript:alert(1)', headers: {} }),
    ];
    const plan = planImport(store.data.servers, entries);
    expect(plan.map((p) => `${p.action}:${p.entry.name}`)).toEqual(['add:good', 'skip:local-file', 'skip:script']);
    expect(plan[1]!.reason).toMatch(/cannot import: 'file:\/\/\/etc\/passwd' must be an http:\/\/ or https:\/\/ URL/);
    await applyImport(store, plan);
    expect(store.data.servers.map((s) => s.id)).toEqual(['good']);
  });

  test('applying checks every addition before writing any: a bad one in the plan writes nothing', async () => {
    const plan = planImport(store.data.servers, [entry('first', { transport: 'http', url: 'https://a.example/mcp', headers: {} })]);
    plan.push({ entry: entry('bad', { transport: 'http', url: 'file:///etc/passwd', headers: {} }), action: 'add', serverId: 'bad' });
    await expect(applyImport(store, plan)).rejects.toThrow(/must be an http:\/\/ or https:\/\/ URL/);
    await store.reload();
    expect(store.data.servers).toEqual([]);
  });
});
