// Api: AI clients — list them, import their servers, connect them through the gateway and
// undo it. One implementation for the window, the tray and the CLI: every step is a preview
// (nothing written) or an apply, and an apply can be pinned to the file the preview was
// made from (`expectSha256`), so what a person approved is exactly what gets written.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PortcullisApi } from '../../../shared/api.js';
import { ApiError, conflict, invalidInput, notFound } from '../../../shared/api-error.js';
import type { ClientId, ClientView, ConnectResultView, DisconnectResultView, ImportItemView, ImportResult } from '../../../shared/clients.js';
import { CLIENT_IDS, clientInfo } from '../clients/client-kinds.js';
import { grantNameFor } from '../clients/client-grant.js';
import { defaultConnectFile } from '../clients/client-status.js';
import { ClientConfigError } from '../clients/config-file.js';
import { allConfigLocations, configLocations, guessClientFromPath, scopeOfFile, type ConfigLocation, type LocationContext } from '../clients/config-locations.js';
import { applyConnect, planConnect } from '../clients/connect-client.js';
import { readConnections } from '../clients/connection-records.js';
import { applyDisconnect, planDisconnect } from '../clients/disconnect-client.js';
import { clientFacingUrl, explicitGatewayUrl } from '../clients/gateway-address.js';
import { applyImport, planImport, type ImportPlanItem } from '../clients/import-servers.js';
import { gatewayPorts } from '../clients/portcullis-entries.js';
import { describeTarget, secretNames } from '../clients/read-entries.js';
import { scanLocations } from '../clients/scan-clients.js';
import { defaultBridgeLauncher, type BridgeLauncher } from '../clients/bridge-launcher.js';
import type { Portcullis } from '../portcullis.js';

export interface ClientsApiOptions {
  /** Where client configs are looked for; the process's home and environment by default. Tests pass a fake home. */
  locations?: (projectDir: string | undefined) => LocationContext;
  launcher?: BridgeLauncher;
}

type ClientsMethods = 'listClients' | 'importServers' | 'connectClient' | 'disconnectClient';

export function clientsApi(app: Portcullis, options: ClientsApiOptions = {}): Pick<PortcullisApi, ClientsMethods> {
  const config = app.gateway.config;
  const locate = options.locations ?? ((projectDir) => ({ platform: process.platform, env: process.env, home: os.homedir(), ...(projectDir ? { projectDir } : {}) }));
  const launcher = () => options.launcher ?? defaultBridgeLauncher();
  const listening = () => app.gateway.port > 0;
  const gatewayUrl = (explicit?: string): string => {
    if (explicit) return explicitGatewayUrl(explicit);
    if (listening()) return clientFacingUrl(new URL(app.gateway.url).hostname.replace(/^\[|\]$/g, ''), app.gateway.port);
    return clientFacingUrl(config.settings.host, config.settings.port);
  };
  const ports = (url: string) => gatewayPorts(url, config.settings.port, listening() ? app.gateway.port : undefined);
  const unpoliced = (ids: Iterable<string>) => [...new Set(ids)].filter((id) => config.server(id) && app.policies.loaded(id).source === 'default').sort();

  return {
    listClients: ({ project }) =>
      domain(async () => {
        const ctx = locate(project);
        const url = gatewayUrl();
        const scanned = await scanLocations(allConfigLocations(ctx), ports(url));
        const connections = await readConnections(app.dataDir);
        const grants = config.data.grants;
        const clients = await Promise.all(
          CLIENT_IDS.map(async (client): Promise<ClientView> => {
            const info = clientInfo(client);
            const files = scanned
              .filter((s) => s.location.client === client)
              .map((s) => {
                const connection = connections.find((c) => c.file === s.location.path);
                return {
                  scope: s.location.scope,
                  file: s.location.path,
                  description: s.location.description,
                  status: s.status,
                  entries: s.entries.map((e) => ({ name: e.name, viaPortcullis: e.portcullis !== undefined, ...(e.portcullis?.serverId ? { serverId: e.portcullis.serverId } : {}) })),
                  connected: connection !== undefined,
                  ...(connection ? { connectedAt: connection.connectedAt, ...(connection.backup ? { backup: connection.backup } : {}) } : {}),
                  ...(s.error ? { error: s.error } : {}),
                };
              });
            const grant = grants.find((g) => g.name === grantNameFor(client));
            const routed = files.flatMap((f) => f.entries.flatMap((e) => (e.serverId ? [e.serverId] : [])));
            return {
              client,
              label: info.label,
              installed: isInstalled(client, ctx),
              httpCapable: info.httpCapable,
              files,
              defaultFile: (await defaultConnectFile(client, ctx, ports(url))).file,
              grant: grantNameFor(client),
              ...(grant?.lastSeenAt ? { lastSeenAt: grant.lastSeenAt } : {}),
              unpoliced: unpoliced(routed),
            };
          }),
        );
        return { clients, gatewayUrl: url, listening: listening(), bridge: launcher() };
      }),

    importServers: ({ mode, client, file, project, only }) =>
      domain(async () => {
        const ctx = locate(project);
        const scanned = await scanLocations(locationsToRead(client, file, ctx), ports(gatewayUrl()));
        const errors = scanned.filter((s) => s.status === 'error').map((s) => s.error ?? s.location.path);
        if (errors.length) throw invalidInput(`${errors.join('\n')}\nNothing was imported.${file ? '' : ' Fix the file, or name a client or a file to import from the others.'}`);
        if (file && scanned[0]?.status === 'missing') throw notFound(`there is no file at ${scanned[0].location.path}`);
        const read = scanned.filter((s) => s.status !== 'missing');
        const plan = planImport(config.data.servers, read.flatMap((s) => s.entries), only ? { only } : {});
        const result: ImportResult = {
          applied: mode === 'apply',
          files: read.map((s) => ({ client: s.location.client, file: s.location.path, description: s.location.description, status: s.status, servers: s.entries.length, ...(s.error ? { error: s.error } : {}) })),
          items: plan.map(itemView),
          imported: [],
        };
        if (mode === 'preview') return result;
        const added = await applyImport(config, plan);
        if (added.length) await app.gateway.reconcile();
        return { ...result, imported: added.map((s) => s.id) };
      }),

    connectClient: ({ mode, client, file, project, only, servers, url, expectSha256 }) =>
      domain(async () => {
        const ctx = locate(project);
        const baseUrl = gatewayUrl(url);
        const target = file ? { file: path.resolve(file), scope: scopeOfFile(client, path.resolve(file), ctx) } : await defaultConnectFile(client, ctx, ports(baseUrl));
        const plan = await planConnect({
          store: config,
          client,
          file: target.file,
          scope: target.scope,
          baseUrl,
          launcher: launcher(),
          dataDir: app.dataDir,
          ...(only ? { only } : {}),
          ...(servers ? { add: servers } : {}),
        });
        const routedIds = plan.routes.flatMap((r) => (r.action !== 'keep' && r.serverId ? [r.serverId] : []));
        const view: ConnectResultView = {
          applied: false,
          client,
          file: plan.file,
          diff: plan.diff,
          changes: plan.changes,
          beforeSha256: plan.beforeSha256,
          routes: plan.routes.map(({ name, serverId, action, changes, note }) => ({ name, action, changes, ...(serverId ? { serverId } : {}), ...(note ? { note } : {}) })),
          imports: plan.imports.flatMap((i) => (i.action === 'add' && i.serverId ? [i.serverId] : [])),
          notes: plan.notes,
          gatewayUrl: baseUrl,
          // Servers this connect imports have no policy yet either.
          unpoliced: [...new Set([...unpoliced(routedIds), ...routedIds.filter((id) => !config.server(id))])].sort(),
        };
        if (mode === 'preview') return view;
        if (expectSha256 && expectSha256 !== plan.beforeSha256) throw conflict(`${plan.file} changed after the diff was shown; look at the new diff and connect again. Nothing was changed.`);
        const result = await applyConnect(plan, { store: config, dataDir: app.dataDir });
        if (result.imported.length) await app.gateway.reconcile();
        const stale =
          result.grant?.action === 'rotated' ? (await readConnections(app.dataDir)).filter((c) => c.grant === result.grant?.name && c.file !== plan.file).map((c) => c.file) : [];
        return {
          ...view,
          applied: result.wrote,
          unpoliced: unpoliced(routedIds),
          ...(result.backup ? { backup: result.backup } : {}),
          ...(result.grant ? { grant: result.grant } : {}),
          imported: result.imported.map((s) => s.id),
          routed: result.routed,
          ...(stale.length ? { staleFiles: stale } : {}),
        };
      }),

    disconnectClient: ({ mode, client, file, expectSha256 }) =>
      domain(async () => {
        const target = file ? path.resolve(file) : await connectedFile(app.dataDir, client);
        const plan = await planDisconnect({ dataDir: app.dataDir, client, file: target });
        const view: DisconnectResultView = {
          applied: false,
          client,
          file: plan.file,
          mode: plan.mode,
          diff: plan.diff,
          currentSha256: plan.currentSha256,
          restored: plan.restored,
          leftAlone: plan.leftAlone,
          notes: plan.notes,
          grant: plan.connection.grant,
        };
        if (mode === 'preview') return view;
        if (expectSha256 && expectSha256 !== plan.currentSha256) throw conflict(`${plan.file} changed after the diff was shown; look at the new diff and disconnect again. Nothing was changed.`);
        const result = await applyDisconnect(plan, { dataDir: app.dataDir });
        return { ...view, applied: true, backup: result.backup, removedFile: result.removedFile };
      }),
  };
}

function itemView(item: ImportPlanItem): ImportItemView {
  const { entry } = item;
  return {
    client: entry.client,
    file: entry.file,
    scope: entry.scope,
    ...(entry.project ? { project: entry.project } : {}),
    name: entry.name,
    ...(item.serverId ? { serverId: item.serverId } : {}),
    action: item.action === 'add' ? 'import' : 'skip',
    ...(item.reason ? { reason: item.reason } : {}),
    ...(entry.upstream ? { transport: entry.upstream.transport } : {}),
    target: describeTarget(entry.upstream),
    secrets: secretNames(entry.upstream),
    notes: entry.notes,
  };
}

function locationsToRead(client: ClientId | undefined, file: string | undefined, ctx: LocationContext): ConfigLocation[] {
  if (!file) return client ? configLocations(client, ctx) : allConfigLocations(ctx);
  const absolute = path.resolve(file);
  const owner = client ?? guessClientFromPath(absolute);
  if (!owner) throw invalidInput(`cannot tell which client ${absolute} belongs to: name the client too`);
  return [{ client: owner, scope: scopeOfFile(owner, absolute, ctx), path: absolute, description: `${clientInfo(owner).label} config ${absolute}` }];
}

/** The client is on this machine: its config file, or the folder its configs live in, exists. */
function isInstalled(client: ClientId, ctx: LocationContext): boolean {
  return configLocations(client, ctx)
    .filter((l) => l.scope === 'user')
    .some((l) => existsSync(l.path) || (path.dirname(l.path) !== ctx.home && existsSync(path.dirname(l.path))));
}

async function connectedFile(dataDir: string, client: ClientId): Promise<string> {
  const files = (await readConnections(dataDir)).filter((c) => c.client === client).map((c) => c.file);
  if (files.length === 1) return files[0]!;
  if (files.length === 0) throw notFound(`${client} is not connected to Portcullis (nothing to restore)`);
  throw invalidInput(`${clientInfo(client).label} has several connected files; name one:\n  ${files.join('\n  ')}`);
}

/**
 * The clients modules refuse with plain errors that name the file and what to do; they are
 * the person's to fix, so they reach the caller as invalid input. A file that changed under a
 * diff is a conflict. Errors of the system (permissions, a full disk) stay internal.
 */
async function domain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof ClientConfigError) throw invalidInput(error.message);
    const message = error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code) throw new ApiError('internal', message);
    if (/changed after the diff was made|changed meanwhile/.test(message)) throw conflict(message);
    if (/no record of connecting|no longer exists/.test(message)) throw notFound(message);
    throw invalidInput(message);
  }
}
