// Input schemas of every Api method: the one place the boundary is checked, by the
// headless HTTP host and by Electron IPC alike. A UI bug or a hostile page gets a clear
// error here and never reaches the core with a malformed value.
import { z } from 'zod';
import { PINNING_MODES, SERVER_ID_PATTERN } from './config.js';
import { RISK_CLASSES, RISK_LEVELS } from './risk.js';
import { CALL_QUERY_MAX_LIMIT } from './calls.js';
import { CLIENT_IDS } from './clients.js';

const none = z.strictObject({});
const serverId = z.string().regex(SERVER_ID_PATTERN, {
  error: (issue) => `server id '${String(issue.input).slice(0, 80)}' is not valid: use lowercase letters, digits, _ or - (at most 63), starting with a letter or digit`,
});
const grantName = z.string().min(1).max(64);
const toolName = z.string().min(1).max(256);
const stringMap = z.record(z.string().max(256), z.string().max(8192));
const isoTime = z.iso.datetime({ offset: true });
const clientId = z.enum(CLIENT_IDS);
const absolutePath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'an absolute path');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex');
/** `preview` writes nothing; `apply` does it (all or nothing). */
const clientsMode = z.enum(['preview', 'apply']);

const upstream = z.discriminatedUnion('transport', [
  z.strictObject({
    transport: z.literal('stdio'),
    command: z.string().min(1).max(4096),
    args: z.array(z.string().max(8192)).max(256).default([]),
    env: stringMap.default({}),
    cwd: z.string().max(4096).optional(),
  }),
  z.strictObject({
    transport: z.enum(['http', 'sse']),
    url: z.url({ protocol: /^https?$/, error: 'not a valid URL: an http:// or https:// URL' }),
    headers: stringMap.default({}),
    /** OAuth sign-in settings (no secret: see oauthClientSecret). */
    oauth: z
      .strictObject({
        clientId: z.string().min(1).max(512).optional(),
        clientMetadataUrl: z.url({ protocol: /^https$/, error: 'an https:// URL of a client ID metadata document' }).optional(),
      })
      .optional(),
  }),
]);

/** A pre-registered OAuth client's secret: kept in the protected sign-in store, never in config.json, never answered. */
const oauthClientSecret = z.string().min(1).max(4096).optional();

const callFilter = {
  server: z.string().max(64).optional(),
  grant: z.string().max(64).optional(),
  session: z.string().max(128).optional(),
  tool: z.string().max(256).optional(),
  decision: z.string().max(32).optional(),
  upstream: z.enum(['ok', 'tool-error', 'protocol-error', 'timeout', 'not-called']).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  text: z.string().max(1000).optional(),
};

const settingsPatch = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).max(255).optional(),
  maxBodyBytes: z.number().int().min(1024).max(256 * 1024 * 1024).optional(),
  callTimeoutSeconds: z.number().int().min(1).max(24 * 3600).optional(),
  logRetentionDays: z.number().int().min(1).max(3650).optional(),
  pinningDefault: z.enum(PINNING_MODES).optional(),
  maxSessionsPerGrant: z.number().int().min(1).max(10_000).optional(),
  maxSessions: z.number().int().min(1).max(10_000).optional(),
  sessionIdleMinutes: z.number().min(0).max(7 * 24 * 60).optional(),
  maxStreamBufferBytes: z.number().int().min(64 * 1024).max(1024 * 1024 * 1024).optional(),
  notifications: z.strictObject({ approvals: z.boolean(), serverCrashes: z.boolean(), policyRefused: z.boolean(), toolChanges: z.boolean() }).partial().optional(),
  startAtLogin: z.boolean().optional(),
  /** Empty switches the export off. */
  otlpEndpoint: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2048)]).optional(),
  /** Team mode's shared store, read at the next start; '' goes back to this machine's files. */
  store: z.union([z.literal(''), z.string().max(2048).regex(/^rediss?:\/\/[^\s]+$/, 'expected redis://host:port[/db]')]).optional(),
});

export const apiInputSchemas = {
  getInfo: none,
  setPaused: z.strictObject({ paused: z.boolean() }),

  listServers: none,
  addServer: z.strictObject({
    id: serverId,
    upstream,
    oauthClientSecret,
    callTimeoutSeconds: z.number().int().min(1).max(24 * 3600).optional(),
    pinning: z.enum(PINNING_MODES).optional(),
  }),
  /** Masked values ('***') in env or headers mean "keep the stored value". */
  updateServer: z.strictObject({
    id: serverId,
    upstream: upstream.optional(),
    oauthClientSecret,
    callTimeoutSeconds: z.number().int().min(1).max(24 * 3600).optional(),
    pinning: z.enum(PINNING_MODES).optional(),
  }),
  removeServer: z.strictObject({ id: serverId }),
  restartServer: z.strictObject({ id: serverId }),
  signInServer: z.strictObject({ id: serverId }),
  signOutServer: z.strictObject({ id: serverId }),

  listGrants: none,
  createGrant: z.strictObject({ name: grantName }),
  revokeGrant: z.strictObject({ name: grantName }),

  getPolicy: z.strictObject({ serverId }),
  validatePolicy: z.strictObject({ text: z.string().max(4 * 1024 * 1024) }),
  savePolicy: z.strictObject({ serverId, text: z.string().max(4 * 1024 * 1024) }),
  /** `fetchTools`: when no tools are catalogued yet, connect to the server once and list them first. */
  recommendPolicy: z.strictObject({ serverId, fetchTools: z.boolean().optional() }),
  testPolicy: z.strictObject({
    serverId,
    tool: toolName,
    args: z.record(z.string(), z.unknown()).default({}),
    grant: grantName.optional(),
    /** Test a draft instead of the active policy. */
    text: z.string().max(4 * 1024 * 1024).optional(),
  }),

  replayPolicy: z.strictObject({
    serverId,
    /** The draft; absent: the active policy (what it would decide now). */
    text: z.string().max(4 * 1024 * 1024).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    grant: grantName.optional(),
    tool: toolName.optional(),
    /** Most changed calls listed; counts stay exact. */
    maxChanged: z.number().int().min(0).max(100_000).default(1000),
  }),
  runPolicyTests: z.strictObject({
    serverId,
    /** A draft policy; absent: the active one. */
    text: z.string().max(4 * 1024 * 1024).optional(),
    /** A tests document; absent: policies/<server>.tests.json. */
    cases: z.string().max(4 * 1024 * 1024).optional(),
  }),
  getPolicyTests: z.strictObject({ serverId }),
  /** The case is checked like the file (shared/policy-tests-file.ts), with JSON paths. */
  savePolicyTestCase: z.strictObject({ serverId, case: z.record(z.string(), z.unknown()) }),

  listCatalog: z.strictObject({ serverId }),
  reviewTool: z.strictObject({ serverId, tool: toolName }),
  overrideRisk: z.strictObject({
    serverId,
    tool: toolName,
    override: z.strictObject({ class: z.enum(RISK_CLASSES).optional(), level: z.enum(RISK_LEVELS).optional() }).nullable(),
  }),

  queryCalls: z.strictObject({ ...callFilter, limit: z.number().int().min(1).max(CALL_QUERY_MAX_LIMIT).optional(), cursor: z.string().max(256).optional() }),
  sessionTaint: z.strictObject({ session: z.string().min(1).max(256) }),
  callStats: z.strictObject({ ...callFilter, bucketSeconds: z.number().int().min(1).max(86_400).optional(), topTools: z.number().int().min(1).max(100).optional() }),
  countCalls: z.strictObject(callFilter),
  exportCalls: z.strictObject({ filter: z.strictObject(callFilter).default({}), format: z.enum(['jsonl', 'csv']) }),

  tryCall: z.strictObject({
    serverId,
    tool: toolName,
    arguments: z.record(z.string(), z.unknown()).default({}),
    grant: grantName,
  }),

  listApprovals: none,
  decideApproval: z.strictObject({
    id: z.string().min(1).max(128),
    decision: z.discriminatedUnion('action', [
      z.strictObject({ action: z.literal('approve'), scope: z.enum(['once', 'session']).default('once') }),
      z.strictObject({ action: z.literal('deny'), reason: z.string().max(2000).optional() }),
    ]),
  }),

  approvalHistory: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
  revokeApproval: z.strictObject({ id: z.string().min(1).max(128) }),

  installDemo: none,

  /** `project`: a project folder whose .mcp.json, .cursor/ and .vscode/ files count too. */
  listClients: z.strictObject({ project: absolutePath.optional() }),
  importServers: z.strictObject({
    mode: clientsMode,
    client: clientId.optional(),
    file: absolutePath.optional(),
    project: absolutePath.optional(),
    /** Only these servers (names as the client calls them, or the ids they get). */
    only: z.array(z.string().min(1).max(256)).max(256).optional(),
  }),
  connectClient: z.strictObject({
    mode: clientsMode,
    client: clientId,
    file: absolutePath.optional(),
    project: absolutePath.optional(),
    only: z.array(z.string().min(1).max(256)).max(256).optional(),
    /** Registered Portcullis servers to add to the client as well. */
    servers: z.array(serverId).max(256).optional(),
    /** The address to write instead of the running gateway's (e.g. a fixed port behind a proxy). */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** From the preview: apply only if the file is still the one the diff was made from. */
    expectSha256: sha256Hex.optional(),
  }),
  disconnectClient: z.strictObject({ mode: clientsMode, client: clientId, file: absolutePath.optional(), expectSha256: sha256Hex.optional() }),

  getSettings: none,
  updateSettings: settingsPatch,
} as const;

export const API_METHODS = Object.keys(apiInputSchemas) as (keyof typeof apiInputSchemas)[];

export type ApiValidation<T> = { ok: true; value: T } | { ok: false; issues: { path: string; message: string }[] };

/** Checks one method's input; unknown methods and bad shapes come back as issues with paths. */
export function parseApiInput<M extends keyof typeof apiInputSchemas>(method: M, input: unknown): ApiValidation<z.output<(typeof apiInputSchemas)[M]>> {
  const schema = apiInputSchemas[method];
  if (!schema) return { ok: false, issues: [{ path: '', message: `unknown Api method '${String(method)}'` }] };
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, value: result.data as z.output<(typeof apiInputSchemas)[M]> };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

export function isApiMethod(name: string): name is keyof typeof apiInputSchemas {
  return Object.prototype.hasOwnProperty.call(apiInputSchemas, name);
}
