// What the Api says about AI clients (Claude Desktop, Claude Code, Cursor, VS Code,
// Windsurf): their config files, importing their servers, connecting them through the
// gateway and undoing it. Types only, so the renderer can import them.

export const CLIENT_IDS = ['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

/** How a client that can only start commands runs the stdio bridge: this install's CLI, by absolute path. */
export interface BridgeCommand {
  command: string;
  /** Arguments before `connect <server>`. */
  args: string[];
  env: Record<string, string>;
}

export interface ClientEntryView {
  /** The entry's name in the client's file. */
  name: string;
  /** Set when the entry goes through Portcullis: the server it reaches (absent for the all-servers `/mcp`). */
  serverId?: string;
  viaPortcullis: boolean;
}

export interface ClientFileView {
  scope: 'user' | 'project';
  file: string;
  description: string;
  status: 'missing' | 'empty' | 'read' | 'error';
  entries: ClientEntryView[];
  /** Portcullis connected this file and has not disconnected it. */
  connected: boolean;
  connectedAt?: string;
  /** The file as it was before connect. */
  backup?: string;
  error?: string;
}

export interface ClientView {
  client: ClientId;
  label: string;
  /** Its config folder or file exists on this machine. */
  installed: boolean;
  /** Reaches servers by URL (all but Claude Desktop, which starts the stdio bridge). */
  httpCapable: boolean;
  files: ClientFileView[];
  /** The file connect edits when none is named. */
  defaultFile: string;
  /** The grant Portcullis makes for it (its name). */
  grant: string;
  /** When its grant last made a request. */
  lastSeenAt?: string;
  /** Servers it reaches through Portcullis that have no policy file: every call to them is denied. */
  unpoliced: string[];
}

export interface ClientsOverview {
  clients: ClientView[];
  /** The address clients are given: the port the gateway listens on (the saved one when none listens). */
  gatewayUrl: string;
  /** False when no gateway listens (the CLI's own core): gatewayUrl is then the saved port. */
  listening: boolean;
  bridge: BridgeCommand;
}

export interface ImportItemView {
  client: ClientId;
  file: string;
  /** `user`, `project`, or `local` (Claude Code's per-project servers in ~/.claude.json). */
  scope: string;
  project?: string;
  name: string;
  /** The id it gets (import) or already has (skipped as registered). */
  serverId?: string;
  action: 'import' | 'skip';
  reason?: string;
  transport?: 'stdio' | 'http' | 'sse';
  /** Command line or URL, secrets masked. */
  target: string;
  /** Names of env variables and headers carried over (never their values). */
  secrets: string[];
  notes: string[];
}

export interface ImportFileView {
  client: ClientId;
  file: string;
  description: string;
  status: 'missing' | 'empty' | 'read' | 'error';
  servers: number;
  error?: string;
}

export interface ImportResult {
  applied: boolean;
  files: ImportFileView[];
  items: ImportItemView[];
  /** Ids registered by this call (apply only). */
  imported: string[];
}

export interface RouteView {
  name: string;
  serverId?: string;
  action: 'route' | 'add' | 'keep';
  changes: boolean;
  note?: string;
}

export interface ConnectResultView {
  applied: boolean;
  client: ClientId;
  file: string;
  /** Unified diff, env and header values masked; empty when nothing changes. */
  diff: string;
  changes: boolean;
  /** The file's hash when the diff was made: pass it back to apply exactly what was shown. */
  beforeSha256: string;
  routes: RouteView[];
  /** Servers the client's entries would be imported as. */
  imports: string[];
  notes: string[];
  /** The gateway address written into the file. */
  gatewayUrl: string;
  /** Servers routed that have no policy: every call to them is denied until they get one. */
  unpoliced: string[];
  /** Apply only. */
  backup?: string;
  grant?: { name: string; action: 'created' | 'rotated' | 'reused' };
  imported?: string[];
  routed?: number;
  /** Other files of this client holding the grant's old token (after a rotation). */
  staleFiles?: string[];
}

export interface DisconnectResultView {
  applied: boolean;
  client: ClientId;
  file: string;
  /** `exact`: the original comes back byte for byte; `entries`: only the entries Portcullis rewrote. */
  mode: 'exact' | 'entries';
  diff: string;
  currentSha256: string;
  restored: number;
  leftAlone: string[];
  notes: string[];
  grant: string;
  /** Apply only: the file as it was just before. */
  backup?: string;
  removedFile?: boolean;
}
