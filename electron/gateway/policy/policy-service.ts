// Policies as the rest of the app sees them: one engine per server, kept in step with
// policies/<server-id>.json (hot reload), sharing one counter store: the data directory's
// (FileCounterStore), or one shared by every replica (team mode's Redis) when given.
import { readFile } from 'node:fs/promises';
import type { PolicyIssue, PolicyValidation } from '../../../shared/policy/types.js';
import { PolicyEngine } from './engine.js';
import { PolicyFiles, type LoadedPolicy } from './policy-files.js';
import { FileCounterStore } from './file-counter-store.js';
import type { CounterStore } from './counter-store.js';
import { InputSchemaChecker } from './input-schema-check.js';

export interface PolicyServiceEvents {
  changed(serverId: string): void;
  refused(serverId: string, errors: PolicyIssue[]): void;
  warn(message: string): void;
}

export class PolicyService {
  private readonly engines = new Map<string, PolicyEngine>();
  private readonly schemas = new InputSchemaChecker();
  /** Servers whose active policy has taint rules, kept as each policy is compiled and activated. */
  private readonly tainting = new Set<string>();

  private constructor(private files: PolicyFiles | undefined, readonly counters: CounterStore) {}

  static async open(dataDir: string, events: PolicyServiceEvents, options: { counters?: CounterStore } = {}): Promise<PolicyService> {
    const counters = options.counters ?? (await openFileCounters(dataDir, events));
    const service = new PolicyService(undefined, counters);
    service.files = await PolicyFiles.open({
      dataDir,
      onChanged: (serverId, loaded) => {
        if (loaded.policy.taint?.length) service.tainting.add(serverId);
        else service.tainting.delete(serverId);
        service.engines.get(serverId)?.setPolicy(loaded.policy, loaded.compiled);
        events.changed(serverId);
      },
      onRefused: (serverId, errors) => events.refused(serverId, errors),
      onError: (error) => events.warn(`watching policies failed: ${(error as Error).message}`),
    });
    return service;
  }

  private get policyFiles(): PolicyFiles {
    if (!this.files) throw new Error('policy service is not open');
    return this.files;
  }

  /**
   * Whether any active policy has taint rules. Until one does, no session needs to remember
   * what it called (on /mcp a read on one server may taint a call to another, so it is one
   * flag for all servers); the gate asks this on every forwarded call, so it is a set's size.
   */
  get anyTaint(): boolean {
    return this.tainting.size > 0;
  }

  loaded(serverId: string): LoadedPolicy {
    return this.policyFiles.get(serverId);
  }

  engine(serverId: string): PolicyEngine {
    let engine = this.engines.get(serverId);
    if (!engine) {
      const { policy, compiled } = this.loaded(serverId);
      engine = new PolicyEngine({ serverId, policy, compiled, counters: this.counters, schemaChecker: this.schemas });
      this.engines.set(serverId, engine);
    }
    return engine;
  }

  /** The active policy's text: the file as written, or the default as JSON. */
  async text(serverId: string): Promise<string> {
    const loaded = this.loaded(serverId);
    if (loaded.source === 'file' && !loaded.refused) {
      const onDisk = await readFile(loaded.file, 'utf8').catch(() => undefined);
      if (onDisk !== undefined) return onDisk;
    }
    return `${JSON.stringify(loaded.policy, null, 2)}\n`;
  }

  /**
   * Validates and saves; an invalid document is refused with its errors and nothing is
   * written. Parsed, validated and compiled once; the engine takes the compiled policy from onChanged.
   */
  saveText(serverId: string, text: string): Promise<PolicyValidation> {
    return this.policyFiles.saveText(serverId, text);
  }

  /** Re-reads one server's policy file now (after another part of the app wrote it). */
  reload(serverId: string): Promise<void> {
    return this.policyFiles.reload(serverId);
  }

  forget(serverId: string): void {
    this.engines.delete(serverId);
  }

  async close(): Promise<void> {
    this.files?.close();
    await this.counters.close?.();
  }
}

async function openFileCounters(dataDir: string, events: PolicyServiceEvents): Promise<FileCounterStore> {
  const counters = await FileCounterStore.open({ dataDir, onWriteError: (e) => events.warn(`could not save counters: ${(e as Error).message}`) });
  if (counters.loadMessage) events.warn(counters.loadMessage);
  return counters;
}
