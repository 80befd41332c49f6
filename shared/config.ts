// Shapes of what Portcullis stores about upstream servers, grants and settings.
// Shared by the gateway core, the CLI and the renderer.

export type ServerId = string;

/** Server ids appear in URLs (/mcp/<id>) and file names (policies/<id>.json). */
export const SERVER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface StdioServerConfig {
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface HttpServerConfig {
  /** `http` is Streamable HTTP; `sse` is the legacy HTTP+SSE transport. */
  transport: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
  /** Set when Portcullis signs in to this server with OAuth. No secret lives here: the client secret and tokens are in the protected token store. */
  oauth?: { clientId?: string; clientMetadataUrl?: string };
}

export type UpstreamConfig = StdioServerConfig | HttpServerConfig;

/**
 * What happens to a tool whose definition is new or differs from the reviewed one, until a
 * person reviews it: `warn` flags it (the call goes ahead, the log and UI show the flag);
 * `block-riskier` flags it too, but blocks a changed definition that the classifier rates
 * riskier (higher level or more severe class) than the reviewed one; `block` blocks both.
 */
export const PINNING_MODES = ['warn', 'block-riskier', 'block'] as const;
export type PinningMode = (typeof PINNING_MODES)[number];

export interface ServerConfig {
  id: ServerId;
  upstream: UpstreamConfig;
  /** A tools/call that takes longer than this is failed with a timeout error. */
  callTimeoutSeconds?: number;
  /** What happens to a new or changed tool until a person reviews it. */
  pinning?: PinningMode;
  addedAt: string;
}

export interface GrantRecord {
  name: string;
  /** sha256 of the token, hex. The token itself is shown once and never stored. */
  tokenHash: string;
  createdAt: string;
  lastSeenAt?: string;
}

/** What the Api and CLI show of a grant: never the hash. */
export interface GrantInfo {
  name: string;
  createdAt: string;
  lastSeenAt?: string;
}

export interface Settings {
  port: number;
  host: string;
  /** Largest accepted request body on the MCP endpoints, in bytes. */
  maxBodyBytes: number;
  /** Default upstream tools/call timeout, in seconds. */
  callTimeoutSeconds: number;
  /** Call-log files older than this many days are deleted. */
  logRetentionDays: number;
  pinningDefault: PinningMode;
  /** Most sessions one grant may hold open at once (an aggregate /mcp session counts as one). */
  maxSessionsPerGrant: number;
  /** Most sessions open at once, all grants together. */
  maxSessions: number;
  /** A session with no request and no open stream for this many minutes is closed with its upstream; 0 never. */
  sessionIdleMinutes: number;
  /** Bytes a response stream may hold for a client that does not read before the session is closed. */
  maxStreamBufferBytes: number;
  /** `toolChanges`: a tool's definition changed (or a tool appeared) since a person reviewed it. */
  notifications: { approvals: boolean; serverCrashes: boolean; policyRefused: boolean; toolChanges: boolean };
  startAtLogin: boolean;
  /** OTLP/HTTP collector to send calls to as OpenTelemetry spans (e.g. http://127.0.0.1:4318); empty: off. */
  otlpEndpoint: string;
  /**
   * Team mode: `redis://host:port[/db]` shares counters, approvals, catalog reviews and the live
   * call feed with every replica on that Redis. Read at start (`serve --store` and
   * `PORTCULLIS_STORE` win); absent or empty: this machine's files, as on the desktop.
   */
  store?: string;
}

/** Where the shared state lives in team mode, as getInfo and `server list` show it. */
export interface StoreStatus {
  kind: 'redis';
  /** The URL with any password masked. */
  url: string;
  state: 'connected' | 'unreachable';
  /** Why it is unreachable (secrets masked). */
  error?: string;
  since: string;
  /** This replica's id in the shared store. */
  replica: string;
}

export const DEFAULT_SETTINGS: Settings = {
  port: 7337,
  host: '127.0.0.1',
  maxBodyBytes: 4 * 1024 * 1024,
  callTimeoutSeconds: 120,
  logRetentionDays: 30,
  pinningDefault: 'block-riskier',
  // An agent client opens one or two sessions per server, a few clients at a time: 32 leaves
  // room for a dozen servers through one grant; each stdio session is a process (~50-150 MB).
  maxSessionsPerGrant: 32,
  maxSessions: 128,
  sessionIdleMinutes: 30,
  maxStreamBufferBytes: 16 * 1024 * 1024,
  notifications: { approvals: true, serverCrashes: true, policyRefused: true, toolChanges: true },
  startAtLogin: false,
  otlpEndpoint: '',
};

export type ServerState = 'connecting' | 'ready' | 'failed' | 'stopped' | 'needs-sign-in';

export interface ServerStatus {
  id: ServerId;
  state: ServerState;
  lastError?: string;
  /** Last lines the upstream process wrote to stderr (stdio upstreams). */
  stderrTail: string[];
  restarts: number;
  sessions: number;
  since: string;
}
