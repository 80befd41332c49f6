// The CLI's answers when no gateway runs: straight from the files in the data directory
// (config.json, policies/, catalog.json, counters.json, logs/), through the same modules the
// gateway uses, so a gateway started later sees exactly what was written here.
import { readFile } from 'node:fs/promises';
import type { ApiInput, PolicyDryRun, PolicySaveResult, PolicyView } from '../../shared/api.js';
import type { CallPage, CallQuery } from '../../shared/calls.js';
import type { CatalogEntry } from '../../shared/catalog.js';
import type { ServerConfig } from '../../shared/config.js';
import { parsePolicyText } from '../../shared/policy/validate.js';
import { toDryRun } from '../gateway/api/policies-api.js';
import { callLogReader } from '../gateway/calllog/call-log.js';
import { Catalog } from '../gateway/catalog/catalog.js';
import { recommendPolicy } from '../gateway/catalog/recommend-policy.js';
import { PolicyEngine } from '../gateway/policy/engine.js';
import { FileCounterStore } from '../gateway/policy/file-counter-store.js';
import { PolicyFiles } from '../gateway/policy/policy-files.js';
import { ConfigStore } from '../gateway/store/config-store.js';
import type { CliBackend } from './cli-backend.js';
import { listUpstreamOnce } from './list-upstream-once.js';
import { CliError, warn } from './output.js';

export class LocalBackend implements CliBackend {
  readonly gateway = undefined;
  private policyFiles?: PolicyFiles;
  /** PolicyFiles reports a failed write through onError rather than a rejection. */
  private policyError: unknown;
  private openCatalog?: Catalog;

  private constructor(
    private readonly dataDir: string,
    private readonly config: ConfigStore,
    private readonly note: (message: string) => void,
  ) {}

  static async open(dataDir: string, note = (message: string) => void process.stderr.write(`${message}\n`)): Promise<LocalBackend> {
    const config = await ConfigStore.open(dataDir);
    for (const message of config.warnings) warn(message);
    return new LocalBackend(dataDir, config, note);
  }

  async getPolicy({ serverId }: ApiInput<'getPolicy'>): Promise<PolicyView> {
    this.requireServer(serverId);
    const loaded = (await this.policies()).get(serverId);
    const onDisk = loaded.source === 'file' && !loaded.refused ? await readFile(loaded.file, 'utf8').catch(() => undefined) : undefined;
    return {
      serverId,
      source: loaded.source,
      text: onDisk ?? `${JSON.stringify(loaded.policy, null, 2)}\n`,
      ...(loaded.refused ? { refused: loaded.refused } : {}),
    };
  }

  async savePolicy({ serverId, text }: ApiInput<'savePolicy'>): Promise<PolicySaveResult> {
    this.requireServer(serverId);
    const parsed = parsePolicyText(text);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    const files = await this.policies();
    this.policyError = undefined;
    const saved = await files.save(serverId, JSON.parse(text));
    if (this.policyError !== undefined) throw new CliError(`could not write ${files.fileOf(serverId)}: ${(this.policyError as Error).message}`);
    return saved.ok ? { ok: true, warnings: saved.warnings } : { ok: false, errors: saved.errors };
  }

  /** A dry run against the policy on disk and the saved counters; nothing is counted or written. */
  async testPolicy({ serverId, tool, args, grant }: ApiInput<'testPolicy'>): Promise<PolicyDryRun> {
    this.requireServer(serverId);
    const { policy } = (await this.policies()).get(serverId);
    const entry = (await this.catalog()).entry(serverId, tool);
    const counters = await FileCounterStore.open({ dataDir: this.dataDir });
    if (counters.loadMessage) warn(counters.loadMessage);
    try {
      const engine = new PolicyEngine({ serverId, policy, counters });
      const decision = await engine.decide(
        { tool: { name: tool, riskClass: entry?.class, inputSchema: entry?.inputSchema }, args: args ?? {}, grant: grant ?? '(dry run)', sessionId: '(dry run)' },
        { dryRun: true },
      );
      return toDryRun(decision);
    } finally {
      await counters.close(); // a dry run leaves nothing pending, so this writes nothing
    }
  }

  async recommendPolicy({ serverId }: ApiInput<'recommendPolicy'>): Promise<{ text: string }> {
    const entries = await this.catalogEntries(serverId);
    return { text: `${JSON.stringify(recommendPolicy(serverId, entries), null, 2)}\n` };
  }

  listCatalog({ serverId }: ApiInput<'listCatalog'>): Promise<CatalogEntry[]> {
    return this.catalogEntries(serverId);
  }

  async reviewTool({ serverId, tool }: ApiInput<'reviewTool'>): Promise<CatalogEntry> {
    this.requireServer(serverId);
    const catalog = await this.catalog();
    if (!catalog.entry(serverId, tool)) throw new CliError(`tool '${tool}' of server '${serverId}' is not in the catalog`);
    return catalog.review(serverId, tool);
  }

  queryCalls(query: ApiInput<'queryCalls'>): Promise<CallPage> {
    return callLogReader(this.dataDir).query(query as CallQuery);
  }

  /** Stops watching policies and writes the catalog's pending changes. */
  async close(): Promise<void> {
    this.policyFiles?.close();
    await this.openCatalog?.close();
  }

  private requireServer(serverId: string): ServerConfig {
    const server = this.config.server(serverId);
    if (!server) throw new CliError(`no server named '${serverId}'`);
    return server;
  }

  private async policies(): Promise<PolicyFiles> {
    this.policyFiles ??= await PolicyFiles.open({ dataDir: this.dataDir, onError: (error) => (this.policyError = error) });
    return this.policyFiles;
  }

  private async catalog(): Promise<Catalog> {
    this.openCatalog ??= await Catalog.open(this.dataDir, { onWarning: warn });
    return this.openCatalog;
  }

  /** The server's catalog; if nothing ever listed its tools, they are listed once now and recorded. */
  private async catalogEntries(serverId: string): Promise<CatalogEntry[]> {
    const server = this.requireServer(serverId);
    const catalog = await this.catalog();
    if (catalog.entries(serverId).length === 0) {
      this.note(`No catalog for '${serverId}' yet (no gateway has listed its tools): connecting to it once to list them…`);
      const listing = await listUpstreamOnce(server.upstream).catch((error: unknown) => {
        throw new CliError(`could not list the tools of '${serverId}': ${(error as Error).message}`);
      });
      catalog.sync(serverId, listing);
      this.note(`Catalogued ${listing.tools.length} tool${listing.tools.length === 1 ? '' : 's'} of '${serverId}'.`);
    }
    return catalog.entries(serverId);
  }
}
