// One policy per server at `policies/<server-id>.json` in the data directory, hot-reloaded.
//
// - A file is read whole, parsed and validated before it replaces anything: an invalid
//   edit is refused (onRefused) and the last good policy stays active.
// - No file (never written, or deleted) → DEFAULT_DENY_POLICY: every call denied, with a
//   message saying so. Deny-by-default is the only safe answer for a server nobody wrote
//   rules for.
// - The folder is watched (fs.watch) with a per-file debounce. Editors that save by
//   renaming (write temp, rename over; or move the old file aside first) produce several
//   events and a moment where the file is missing, so a missing file is confirmed after a
//   grace period before it counts as deleted.
// - Loads of one server run one at a time, so events never apply out of order.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SERVER_ID_PATTERN } from '../../../shared/config.js';
import type { Policy, PolicyIssue, PolicyValidation } from '../../../shared/policy/types.js';
import { DEFAULT_DENY_POLICY, parsePolicyText, validatePolicy } from '../../../shared/policy/validate.js';
import { atomicWriteFile } from '../store/atomic-write.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';

export const POLICIES_DIR = 'policies';

export interface LoadedPolicy {
  serverId: string;
  /** The active policy: the last good file, or DEFAULT_DENY_POLICY. */
  policy: Policy;
  /** `policy` compiled, once, when it was checked: engines take this one. */
  compiled: CompiledPolicy;
  source: 'file' | 'default';
  file: string;
  warnings: PolicyIssue[];
  /** Why the default applies, or that the file on disk was refused and an older version is active. */
  message?: string;
  /** Errors of the file on disk when it was refused. */
  refused?: PolicyIssue[];
}

export interface PolicyFilesOptions {
  dataDir: string;
  /** Quiet time after a change before the file is read. Default 100 ms. */
  debounceMs?: number;
  /** How long a vanished file may stay missing (mid rename-write) before it counts as deleted. Default 300 ms. */
  missingGraceMs?: number;
  onChanged?: (serverId: string, loaded: LoadedPolicy) => void;
  onRefused?: (serverId: string, errors: PolicyIssue[]) => void;
  onError?: (error: unknown) => void;
}

interface Active {
  policy: Policy;
  compiled: CompiledPolicy;
  warnings: PolicyIssue[];
}

/** A policy that passed validation and compiled (compiling is the last check: a regex, a schema). */
interface Checked {
  text: string;
  policy: Policy;
  compiled: CompiledPolicy;
  warnings: PolicyIssue[];
}

const DEFAULT_DENY_COMPILED = compilePolicy(DEFAULT_DENY_POLICY);

const FILE_NAME = /^(.+)\.json$/;

export class PolicyFiles {
  readonly dir: string;
  private readonly active = new Map<string, Active>();
  private readonly refused = new Map<string, PolicyIssue[]>();
  /** Last text seen per server (good or bad), so repeated watch events for one write do nothing. */
  private readonly lastText = new Map<string, string>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly debounceMs: number;
  private watcher: FSWatcher | undefined;
  private closed = false;

  private constructor(private readonly options: PolicyFilesOptions) {
    this.dir = path.join(options.dataDir, POLICIES_DIR);
    this.debounceMs = options.debounceMs ?? 100;
  }

  /** Loads every policy file and starts watching the folder. */
  static async open(options: PolicyFilesOptions): Promise<PolicyFiles> {
    const files = new PolicyFiles(options);
    await mkdir(files.dir, { recursive: true });
    files.watcher = watch(files.dir, (_event, filename) => files.onWatchEvent(filename));
    files.watcher.on('error', (error) => options.onError?.(error));
    await files.rescan();
    return files;
  }

  /** Reads one server's policy without watching (see readPolicyFile). */
  static async readOnce(dataDir: string, serverId: string): Promise<LoadedPolicy> {
    const files = new PolicyFiles({ dataDir });
    await files.load(serverId);
    return files.get(serverId);
  }

  fileOf(serverId: string): string {
    return path.join(this.dir, `${serverId}.json`);
  }

  get(serverId: string): LoadedPolicy {
    const file = this.fileOf(serverId);
    const active = this.active.get(serverId);
    const refused = this.refused.get(serverId);
    if (!active) {
      const message = refused
        ? `${file} was refused (${refused.length} error${refused.length === 1 ? '' : 's'}) and there is no earlier good version, so every call is denied.`
        : `No policy file for server '${serverId}' (${file}): every call is denied until one is written (portcullis policy set ${serverId} FILE).`;
      return { serverId, policy: DEFAULT_DENY_POLICY, compiled: DEFAULT_DENY_COMPILED, source: 'default', file, warnings: [], message, ...(refused ? { refused } : {}) };
    }
    const loaded: LoadedPolicy = { serverId, policy: active.policy, compiled: active.compiled, source: 'file', file, warnings: active.warnings };
    if (refused) {
      loaded.refused = refused;
      loaded.message = `${file} was refused (${refused.length} error${refused.length === 1 ? '' : 's'}); the last good version stays active.`;
    }
    return loaded;
  }

  /** Every server that has a policy file (active or refused). */
  list(): LoadedPolicy[] {
    const ids = new Set([...this.active.keys(), ...this.refused.keys()]);
    return [...ids].sort().map((id) => this.get(id));
  }

  /** Validates, then writes atomically and activates. An invalid document is refused and nothing is written. */
  save(serverId: string, doc: unknown): Promise<PolicyValidation> {
    return this.saveChecked(serverId, checkForSave(serverId, validatePolicy(doc), doc));
  }

  /** `save` for a document still in text: parsed and validated once (a syntax error names its line and column). */
  saveText(serverId: string, text: string): Promise<PolicyValidation> {
    const result = parsePolicyText(text);
    return this.saveChecked(serverId, checkForSave(serverId, result, result.ok ? result.policy : undefined));
  }

  private saveChecked(serverId: string, checked: { result: PolicyValidation; ready?: Checked }): Promise<PolicyValidation> {
    const { result, ready } = checked;
    if (!ready) return Promise.resolve(result);
    return this.enqueue(serverId, async () => {
      await atomicWriteFile(this.fileOf(serverId), ready.text);
      this.activate(serverId, ready);
    }).then(() => result);
  }

  /** Re-reads one server's file now (the watcher calls this; so can a caller that knows it changed). */
  reload(serverId: string): Promise<void> {
    return this.enqueue(serverId, () => this.load(serverId));
  }

  /** Stops watching. Loads already running finish. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private onWatchEvent(filename: string | Buffer | null): void {
    if (this.closed) return;
    if (filename === null) {
      this.debounce('*', () => void this.rescan().catch((error: unknown) => this.options.onError?.(error)));
      return;
    }
    const serverId = FILE_NAME.exec(filename.toString())?.[1];
    if (serverId === undefined || !SERVER_ID_PATTERN.test(serverId)) return; // temp files, backups, swap files
    this.debounce(serverId, () => void this.reloadReporting(serverId));
  }

  private debounce(key: string, run: () => void): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!this.closed) run();
      }, this.debounceMs),
    );
  }

  private async rescan(): Promise<void> {
    const names = await readdir(this.dir);
    const ids = new Set(names.map((name) => FILE_NAME.exec(name)?.[1]).filter((id): id is string => id !== undefined && SERVER_ID_PATTERN.test(id)));
    for (const id of [...this.active.keys(), ...this.refused.keys()]) ids.add(id); // notice deletions too
    await Promise.all([...ids].map((id) => this.reloadReporting(id)));
  }

  /** For background reloads: a file that cannot be read (permissions…) is reported, not thrown. */
  private reloadReporting(serverId: string): Promise<void> {
    return this.reload(serverId).catch((error: unknown) => this.options.onError?.(error));
  }

  /** Runs tasks of one server in order; the returned promise carries the task's own outcome. */
  private enqueue(serverId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(serverId) ?? Promise.resolve();
    const run = previous.then(task);
    const settled = run.catch(() => undefined);
    this.queues.set(serverId, settled);
    void settled.then(() => {
      if (this.queues.get(serverId) === settled) this.queues.delete(serverId);
    });
    return run;
  }

  private async load(serverId: string): Promise<void> {
    let text = await this.read(serverId);
    if (text === undefined && (this.active.has(serverId) || this.refused.has(serverId))) {
      await new Promise((resolve) => setTimeout(resolve, this.options.missingGraceMs ?? 300)); // a rename-write may be mid-way
      text = await this.read(serverId);
    }
    if (text === undefined) {
      if (!this.active.has(serverId) && !this.refused.has(serverId)) return;
      this.active.delete(serverId);
      this.refused.delete(serverId);
      this.lastText.delete(serverId);
      this.options.onChanged?.(serverId, this.get(serverId));
      return;
    }
    if (this.lastText.get(serverId) === text) return;
    this.lastText.set(serverId, text);
    const result = parsePolicyText(text);
    if (!result.ok) {
      this.refused.set(serverId, result.errors);
      this.options.onRefused?.(serverId, result.errors);
      return;
    }
    // Compiling proves it loads before anything sees it; the engines take this compiled form.
    this.activate(serverId, { text, policy: result.policy, compiled: compilePolicy(result.policy), warnings: result.warnings });
  }

  private activate(serverId: string, { text, policy, compiled, warnings }: Checked): void {
    this.lastText.set(serverId, text);
    this.active.set(serverId, { policy, compiled, warnings });
    this.refused.delete(serverId);
    this.options.onChanged?.(serverId, this.get(serverId));
  }

  private async read(serverId: string): Promise<string | undefined> {
    try {
      return await readFile(this.fileOf(serverId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

function checkForSave(serverId: string, result: PolicyValidation, doc: unknown): { result: PolicyValidation; ready?: Checked } {
  if (!SERVER_ID_PATTERN.test(serverId)) {
    return { result: { ok: false, errors: [{ path: '', message: `'${serverId}' is not a valid server id` }], warnings: [] } };
  }
  if (!result.ok) return { result };
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  return { result, ready: { text, policy: result.policy, compiled: compilePolicy(result.policy), warnings: result.warnings } };
}

/**
 * For one-shot commands (`portcullis policy set`): validates and writes one policy file
 * without watching anything. A running gateway's PolicyFiles picks the change up.
 */
export async function writePolicyFile(dataDir: string, serverId: string, doc: unknown): Promise<PolicyValidation> {
  const { result, ready } = checkForSave(serverId, validatePolicy(doc), doc);
  if (!ready) return result;
  const dir = path.join(dataDir, POLICIES_DIR);
  await mkdir(dir, { recursive: true });
  await atomicWriteFile(path.join(dir, `${serverId}.json`), ready.text);
  return result;
}

/** For one-shot commands (`policy show`, `policy test`): what a gateway starting now would use for this server. */
export function readPolicyFile(dataDir: string, serverId: string): Promise<LoadedPolicy> {
  return PolicyFiles.readOnce(dataDir, serverId);
}
