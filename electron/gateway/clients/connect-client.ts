// Connect: rewrite a client's file so its servers go through Portcullis.
//
// planConnect reads the file and works out everything (servers to import, entries to
// rewrite, the new text, a diff with secrets masked) without writing anything; that is
// all `--dry-run` does. applyConnect then imports, issues the client's grant, backs the
// file up, writes it, and records what it changed for `disconnect`.
//
// Edits go through jsonc-parser's modify, one entry at a time, so everything else in the
// file (other settings, comments, formatting, key order) stays exactly as it was.
import { readFile } from 'node:fs/promises';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree } from 'jsonc-parser';
import type { ServerConfig } from '../../../shared/config.js';
import type { ConfigStore } from '../store/config-store.js';
import { defaultBridgeLauncher, type BridgeLauncher } from './bridge-launcher.js';
import { clientInfo, type ClientId } from './client-kinds.js';
import { issueClientGrant, reusableToken, grantNameFor, type ClientGrant } from './client-grant.js';
import { formattingOf, readClientConfig, writeClientConfig } from './config-file.js';
import type { ConfigScope } from './config-locations.js';
import { maskSecrets, unifiedDiff } from './config-diff.js';
import { backupFile, canonicalHash, findConnection, readConnections, sha256, writeConnection, type ClientConnection, type RecordedEntry } from './connection-records.js';
import { applyImport, planImport, selectEntries, type ImportPlanItem } from './import-servers.js';
import { buildPortcullisEntry, gatewayPorts, tokensIn, type GatewayTarget } from './portcullis-entries.js';
import { readClientEntries, type ClientServerEntry } from './read-entries.js';
import { defaultBlockPath, findServerBlocks } from './server-blocks.js';

/** Stands for the grant token until applyConnect knows it; never written to disk. */
const TOKEN_PLACEHOLDER = '__PORTCULLIS_GRANT_TOKEN__';

export interface ConnectRequest {
  store: ConfigStore;
  client: ClientId;
  file: string;
  scope?: ConfigScope;
  /** The gateway address written into the client, e.g. http://127.0.0.1:7337. */
  baseUrl: string;
  launcher?: BridgeLauncher;
  /** Route only these of the client's entries (names, or the ids they get). */
  only?: readonly string[];
  /** Registered Portcullis servers to add to the client as well. */
  add?: readonly string[];
  /** The data directory: lets the token of the client's other connected files be reused instead of replaced. */
  dataDir?: string;
}

export interface RouteItem {
  /** The entry's name in the client's file. */
  name: string;
  path: string[];
  /** Where it goes through Portcullis; undefined for entries left alone. */
  serverId?: string;
  action: 'route' | 'add' | 'keep';
  /** Whether the entry's text changes (false for an entry already in its final form). */
  changes: boolean;
  note?: string;
}

interface Rewrite {
  path: string[];
  serverId: string;
  disabled: boolean;
  /** The entry's text before, or null for an added entry. */
  original: string | null;
}

export interface ConnectPlan {
  client: ClientId;
  file: string;
  existed: boolean;
  bom: boolean;
  beforeSha256: string;
  /** The new text; holds TOKEN_PLACEHOLDER unless the file's current token is reused. */
  after: string;
  imports: ImportPlanItem[];
  routes: RouteItem[];
  /** The diff to show, with env and header values masked. Empty when nothing changes. */
  diff: string;
  changes: boolean;
  notes: string[];
  reusedToken?: string;
  rewrites: Rewrite[];
  target: GatewayTarget;
  launcher: BridgeLauncher;
}

export async function planConnect(request: ConnectRequest): Promise<ConnectPlan> {
  const { store, client } = request;
  const info = clientInfo(client);
  const config = await readClientConfig(request.file, { allowsComments: info.allowsComments });
  const ports = gatewayPorts(request.baseUrl, store.settings.port);
  const entries = readClientEntries(client, config.file, config.doc, request.scope ?? 'user', ports);
  const add = request.add ?? [];
  if (!config.exists && add.length === 0) throw new Error(`there is no ${info.label} config at ${config.file}: nothing to connect (pass --servers <ids> to add Portcullis servers to it)`);
  if (entries.length === 0 && add.length === 0) throw new Error(`${config.file} has no MCP servers to route through Portcullis (pass --servers <ids> to add Portcullis servers to it). Nothing was changed.`);

  const own = entries.filter((e) => !e.portcullis);
  const selected = new Set(selectEntries(own, request.only));
  const imports = planImport(store.data.servers, [...selected]);
  const registered = new Set(store.data.servers.map((s) => s.id));
  const routes = entries.map((entry) => routeFor(entry, selected, imports, registered));
  routes.push(...plannedAdds(add, routes, entries, client, config.file, config.doc, registered));

  const target: GatewayTarget = { baseUrl: request.baseUrl };
  const launcher = request.launcher ?? defaultBridgeLauncher();
  const candidates = [...entries.filter((e) => e.portcullis).flatMap((e) => tokensIn(e.raw)), ...(request.dataDir ? await tokensOfConnectedFiles(request.dataDir, client, config.file, ports) : [])];
  const reusedToken = reusableToken(store, client, candidates);
  const token = reusedToken ?? TOKEN_PLACEHOLDER;

  const root = parseTree(config.text, [], { allowTrailingComma: true, allowEmptyContent: true });
  const formatting = formattingOf(config.text);
  // An empty or whitespace-only file is replaced by a fresh document.
  let after = config.empty ? '' : config.text;
  const rewrites: Rewrite[] = [];
  for (const route of routes) {
    if (route.action === 'keep' || !route.serverId) continue;
    const entry = entries.find((e) => e.path.join('\0') === route.path.join('\0'));
    const value = buildPortcullisEntry(client, route.serverId, { target, token, launcher, disabled: entry?.disabled === true });
    const node = root && route.action === 'route' ? findNodeAtLocation(root, route.path) : undefined;
    if (node && canonicalHash(getNodeValue(node)) === canonicalHash(value)) continue; // already exactly this
    route.changes = true;
    rewrites.push({ path: route.path, serverId: route.serverId, disabled: entry?.disabled === true, original: node ? config.text.slice(node.offset, node.offset + node.length) : null });
    after = applyEdits(after, modify(after, route.path, value, { formattingOptions: formatting }));
  }
  if (config.text.trim() === '' && after !== '') after += formatting.eol;

  const paths = [...entries.map((e) => e.path), ...routes.map((r) => r.path)];
  const changes = after !== config.text;
  const notes = connectNotes(client, request.scope, routes);
  return {
    client,
    file: config.file,
    existed: config.exists,
    bom: config.bom,
    beforeSha256: sha256(config.bytes),
    after,
    imports,
    routes,
    diff: changes ? unifiedDiff(maskSecrets(config.text, paths), maskSecrets(after, paths), config.file) : '',
    changes,
    notes,
    ...(reusedToken ? { reusedToken } : {}),
    rewrites,
    target,
    launcher,
  };
}

/** Tokens in the client's other connected files: reusing one keeps those files working. */
async function tokensOfConnectedFiles(dataDir: string, client: ClientId, except: string, ports: ReadonlySet<number>): Promise<string[]> {
  const files = (await readConnections(dataDir)).filter((c) => c.client === client && c.file !== except).map((c) => c.file);
  const tokens: string[] = [];
  for (const file of files) {
    const config = await readClientConfig(file, { allowsComments: clientInfo(client).allowsComments }).catch(() => undefined);
    if (!config) continue;
    for (const entry of readClientEntries(client, file, config.doc, 'user', ports)) if (entry.portcullis) tokens.push(...tokensIn(entry.raw));
  }
  return tokens;
}

function routeFor(entry: ClientServerEntry, selected: ReadonlySet<ClientServerEntry>, imports: readonly ImportPlanItem[], registered: ReadonlySet<string>): RouteItem {
  const base = { name: entry.name, path: entry.path, changes: false };
  if (entry.portcullis) {
    const id = entry.portcullis.serverId;
    if (!id) return { ...base, action: 'keep', note: 'the all-servers endpoint of Portcullis: left as is' };
    if (!registered.has(id)) return { ...base, action: 'keep', note: `goes through Portcullis to '${id}', which is not registered: left as is` };
    return { ...base, action: 'route', serverId: id, note: 'already went through Portcullis' };
  }
  if (!selected.has(entry)) return { ...base, action: 'keep', note: 'not selected' };
  const item = imports.find((i) => i.entry === entry);
  if (!item?.serverId) return { ...base, action: 'keep', note: item?.reason ?? 'not understood' };
  return { ...base, action: 'route', serverId: item.serverId, ...(item.action === 'add' ? { note: `imported as '${item.serverId}'` } : {}) };
}

/** Entries for `--servers`: named after the server, or portcullis-<id> when that name is taken. */
function plannedAdds(add: readonly string[], routes: readonly RouteItem[], entries: readonly ClientServerEntry[], client: ClientId, file: string, doc: Record<string, unknown>, registered: ReadonlySet<string>): RouteItem[] {
  const blockPath = findServerBlocks(client, doc, 'user').find((b) => b.scope !== 'local')?.path ?? defaultBlockPath(client, file);
  const names = new Set(entries.filter((e) => e.path.slice(0, -1).join('\0') === blockPath.join('\0')).map((e) => e.name));
  const out: RouteItem[] = [];
  for (const id of add) {
    if (!registered.has(id)) throw new Error(`no server named '${id}' is registered in Portcullis`);
    if (routes.some((r) => r.serverId === id) || out.some((r) => r.serverId === id)) continue;
    const name = names.has(id) ? `portcullis-${id}` : id;
    names.add(name);
    out.push({ name, path: [...blockPath, name], serverId: id, action: 'add', changes: true, note: 'added' });
  }
  return out;
}

function connectNotes(client: ClientId, scope: ConfigScope | undefined, routes: readonly RouteItem[]): string[] {
  const notes: string[] = [];
  if (scope === 'project' && routes.some((r) => r.changes)) {
    notes.push('This is a project file, often committed to version control: the grant token written into it is a credential, so keep it out of commits.');
  }
  if (!clientInfo(client).httpCapable) notes.push(`${clientInfo(client).label} starts \`portcullis connect\` for each server: the gateway must be running (portcullis serve, or the desktop app).`);
  return notes;
}

export interface ConnectResult {
  file: string;
  wrote: boolean;
  /** Copy of the file as it was before this write. */
  backup?: string;
  grant?: Omit<ClientGrant, 'token'>;
  imported: ServerConfig[];
  routed: number;
}

export async function applyConnect(plan: ConnectPlan, context: { store: ConfigStore; dataDir: string }): Promise<ConnectResult> {
  const { store, dataDir } = context;
  const routed = plan.routes.filter((r) => r.action !== 'keep').length;
  if (!plan.changes) return { file: plan.file, wrote: false, imported: [], routed };
  const current = await readFile(plan.file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  if (sha256(current) !== plan.beforeSha256) throw new Error(`${plan.file} changed after the diff was made; run connect again to see the new diff. Nothing was changed.`);

  const imported = await applyImport(store, plan.imports);
  let grant: ClientGrant;
  if (plan.reusedToken) {
    if (!reusableToken(store, plan.client, [plan.reusedToken])) throw new Error(`the grant '${grantNameFor(plan.client)}' changed meanwhile; run connect again`);
    grant = { name: grantNameFor(plan.client), token: plan.reusedToken, action: 'reused' };
  } else {
    grant = await issueClientGrant(store, plan.client);
  }
  const text = plan.after.split(TOKEN_PLACEHOLDER).join(grant.token);
  const bytes = Buffer.from((plan.bom ? '\uFEFF' : '') + text, 'utf8');

  const previous = await findConnection(dataDir, plan.file);
  const backup = plan.existed ? await backupFile(dataDir, plan.client, plan.file, current) : undefined;
  await writeClientConfig(plan.file, bytes);

  const written = plan.rewrites.map((r): RecordedEntry => ({
    path: r.path,
    original: r.original,
    written: canonicalHash(buildPortcullisEntry(plan.client, r.serverId, { target: plan.target, token: grant.token, launcher: plan.launcher, disabled: r.disabled })),
  }));
  await writeConnection(dataDir, plan.file, mergeRecord(previous, plan, grant.name, backup, written, sha256(bytes)));
  return { file: plan.file, wrote: true, ...(backup ? { backup } : {}), grant: { name: grant.name, action: grant.action }, imported, routed };
}

function mergeRecord(previous: ClientConnection | undefined, plan: ConnectPlan, grant: string, backup: string | undefined, written: RecordedEntry[], writtenSha256: string): ClientConnection {
  if (!previous) {
    return { client: plan.client, file: plan.file, grant, connectedAt: new Date().toISOString(), ...(backup ? { backup } : {}), existed: plan.existed, writtenSha256, exact: true, entries: written };
  }
  // The first connect's backup and originals stay: they are what disconnect goes back to.
  const entries = previous.entries.map((e) => ({ ...e, written: written.find((w) => w.path.join('\0') === e.path.join('\0'))?.written ?? e.written }));
  for (const w of written) if (!entries.some((e) => e.path.join('\0') === w.path.join('\0'))) entries.push(w);
  return { ...previous, grant, writtenSha256, exact: previous.exact && previous.writtenSha256 === plan.beforeSha256, entries };
}
