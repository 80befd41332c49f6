// Side-by-side transparency suite. Every scenario runs twice at the same time: on a client that
// talks to server-everything DIRECTLY over stdio, and on the same kind of client talking to the
// SUBJECT (server-everything's own HTTP server, or the gateway in front of server-everything).
// The two outcomes are normalised (see `normalise` for what legitimately differs) and must be
// equal. Nothing is compared with hard-coded results; the only fixed expectations are sanity
// checks that the direct side really exercised the feature, so two identical failures never pass.
//
// What is allowed to differ, and why (each is also documented where it is applied):
// - texts: session ids, random UUIDs, task ids, ISO timestamps, local "created at" times, also
//   inside base64 text blobs (`normalise`);
// - get-env: another process environment, compared by shape (`envShape`);
// - toggle-simulated-logging: a random level per message (checked valid, then masked);
// - tools/list_changed sent during initialization: stdio delivers them, Streamable HTTP cannot;
// - SDK "progress for an unknown token" errors and a missed final onprogress callback: client
//   timing (`protocolErrors`); the raw progress notifications are compared exactly instead;
// - the number of "working" polls a task client sees (consecutive equal statuses are merged).
// The subject is made once per suite (beforeAll); every test opens and closes its own clients.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolResultSchema, McpError, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { everythingStdioParams } from './everything.js';
import { connectStdio, createTestClient } from './mcp-client.js';
import { waitFor } from './wait-for.js';
import type { RecordedMessage, TestClient } from './mcp-client.js';

export interface PassthroughSubject {
  /** Connects `client` to the subject (the suite has already set up its handlers and recording). */
  connect(client: Client): Promise<void>;
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 20_000;
const EVENT_TIMEOUT_MS = 20_000;
/** How long a session may take to sync its roots before the client nudges the server (see settle). */
const ROOTS_SYNC_GRACE_MS = 5_000;
const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

// ---------------------------------------------------------------------------------------------
// Normalisation: only what legitimately differs between two sessions of the same server.
// ---------------------------------------------------------------------------------------------
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TEXT_RULES: [RegExp, string][] = [
  // Session ids: the HTTP server names its session (a UUID) in log and tool texts; stdio has
  // none, so it writes "session undefined" or nothing at all.
  [new RegExp(` from session ${UUID}`, 'g'), ' '],
  [new RegExp(` - SessionId ${UUID}`, 'g'), ''],
  [new RegExp(`session (?:undefined|${UUID})`, 'g'), 'session <session-id>'],
  // Random ids: elicitation ids (trigger-url-elicitation) and task ids (InMemoryTaskStore: 32 hex).
  [new RegExp(UUID, 'g'), '<uuid>'],
  [/\b[0-9a-f]{32}\b/g, '<task-id>'],
  // Timestamps: task createdAt/lastUpdatedAt, and the local time dynamic resources are "created at".
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<timestamp>'],
  [/created at \d{1,2}:\d{2}:\d{2}(?:[\s\u202f]?[AP]M)?/g, 'created at <time>'],
];

export function normaliseText(text: string): string {
  return TEXT_RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Dynamic blob resources are base64 of a text that carries a timestamp: decode those to normalise it. */
function normaliseBlob(blob: string): string {
  const decoded = Buffer.from(blob, 'base64').toString('utf8');
  const roundTrips = Buffer.from(decoded, 'utf8').toString('base64') === blob;
  return roundTrips && /created at/.test(decoded) ? `<base64 of> ${normaliseText(decoded)}` : blob;
}

/** Deep copy with every string normalised; `blob` fields are decoded first when they hold text. */
export function normalise(value: unknown): unknown {
  if (typeof value === 'string') return normaliseText(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, key === 'blob' && typeof v === 'string' ? normaliseBlob(v) : normalise(v)]),
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Sessions and requests
// ---------------------------------------------------------------------------------------------
type Outcome = { result: Record<string, unknown> } | { error: Record<string, unknown> };

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof McpError) return { code: error.code, message: error.message, ...(error.data !== undefined && { data: error.data }) };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { thrown: String(error) };
}

/** A raw request: the loose ResultSchema keeps every field the server sent. */
async function request(t: TestClient, method: string, params?: Record<string, unknown>, options: RequestOptions = {}): Promise<Outcome> {
  try {
    const result = await t.client.request({ method, params }, ResultSchema, { timeout: REQUEST_TIMEOUT_MS, ...options });
    return { result };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function callTool(t: TestClient, name: string, args: Record<string, unknown> = {}, options?: RequestOptions): Promise<Outcome> {
  return request(t, 'tools/call', { name, arguments: args }, options);
}

function expectResult(outcome: Outcome): Record<string, unknown> {
  expect(outcome, 'the direct side should succeed').toHaveProperty('result');
  return 'result' in outcome ? outcome.result : {};
}

function expectToolSuccess(outcome: Outcome): void {
  expect(expectResult(outcome).isError, 'the direct tool call should not report an error').not.toBe(true);
}

const isLog = (m: RecordedMessage): boolean => m.method === 'notifications/message';
const logText = (m: RecordedMessage): string => (typeof m.params?.data === 'string' ? m.params.data : '');
const isRootsUpdate = (count: number) => (m: RecordedMessage) => isLog(m) && logText(m).startsWith(`Roots updated: ${count} root(s)`);

/**
 * Errors the SDK reported on a connection, minus "progress notification for an unknown token":
 * those are timing, not behaviour. The SDK handles responses synchronously but notifications a
 * microtask later, so a final progress that shares a read with its result finds its handler
 * gone; and progress after a cancelled call always does. The raw progress is compared instead.
 */
function protocolErrors(t: TestClient): string[] {
  return t.errors.map(String).filter((e) => !e.includes('progress notification for an unknown token'));
}

/** Index into a session's recordings, to take what arrived after it. */
interface Mark {
  notifications: number;
  requests: number;
}
const mark = (t: TestClient): Mark => ({ notifications: t.notifications.length, requests: t.serverRequests.length });
const notificationsSince = (t: TestClient, m: Mark): RecordedMessage[] => t.notifications.slice(m.notifications);
const requestsSince = (t: TestClient, m: Mark): RecordedMessage[] => t.serverRequests.slice(m.requests);

/**
 * Waits until the session has settled: server-everything asks for the client's roots 350 ms
 * after initialization and logs "Roots updated". Scenarios start after that, so late
 * initialization traffic never lands in what they compare, and get-roots-list never races it.
 *
 * Over Streamable HTTP that first roots/list goes on the client's GET stream, which the SDK
 * client opens only after initialization; on a loaded machine it may open after those 350 ms,
 * and a server-initiated message with no stream open is dropped (the spec allows it; the SDK's
 * own server does the same). The server has already set its roots/list_changed handler by then,
 * so a client whose first sync was lost says its roots changed, as a real client would, and the
 * server asks again on the now-open stream. Stdio never loses it.
 */
async function settle(t: TestClient): Promise<void> {
  const synced = () => t.notifications.some(isRootsUpdate(1));
  try {
    await waitFor(synced, { timeout: ROOTS_SYNC_GRACE_MS, what: 'the initial roots sync' });
  } catch {
    await t.client.sendRootsListChanged();
    await waitFor(synced, { timeout: EVENT_TIMEOUT_MS, what: 'the initial roots sync ("Roots updated" log), asked again after list_changed' });
  }
}

// ---------------------------------------------------------------------------------------------
// Scenario tables
// ---------------------------------------------------------------------------------------------
interface ToolCall {
  arguments: Record<string, unknown>;
  /** The direct side is expected to fail (a JSON-RPC error or an isError result). */
  fails?: boolean;
}
interface ToolScenario {
  tool: string;
  calls: ToolCall[];
  /** Notifications the call causes that may arrive after its result (they are awaited). */
  awaits?: string[];
  /** A replacement for `normalise` when the result legitimately differs (see get-env). */
  shape?: (outcome: Outcome) => unknown;
  /** A follow-up request whose outcome is compared too (e.g. reading the resource just made). */
  followUp?: (t: TestClient) => Promise<Outcome>;
}

const GZIP_DATA_URI = `data:text/plain;base64,${Buffer.from('Portcullis passes everything through.\n'.repeat(20)).toString('base64')}`;

/** get-env returns the process environment, which differs by design: compare its shape only. */
function envShape(outcome: Outcome): unknown {
  if (!('result' in outcome)) return normalise(outcome);
  const content = Array.isArray(outcome.result.content) ? (outcome.result.content as unknown[]) : [];
  return content.map((block) => {
    if (typeof block !== 'object' || block === null) return block;
    const text = 'text' in block ? String(block.text) : '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    const isEnv = typeof parsed === 'object' && parsed !== null && Object.values(parsed).every((v) => typeof v === 'string');
    return { ...block, text: isEnv ? '<environment: JSON object of strings>' : 'not an environment object' };
  });
}

const TOOL_SCENARIOS: ToolScenario[] = [
  { tool: 'echo', calls: [{ arguments: { message: 'hello through Portcullis' } }] },
  {
    tool: 'get-annotated-message',
    calls: [{ arguments: { messageType: 'error', includeImage: true } }, { arguments: { messageType: 'debug' } }],
  },
  { tool: 'get-env', calls: [{ arguments: {} }], shape: envShape },
  { tool: 'get-resource-links', calls: [{ arguments: { count: 4 } }] },
  {
    tool: 'get-resource-reference',
    calls: [{ arguments: { resourceType: 'Text', resourceId: 2 } }, { arguments: { resourceType: 'Blob', resourceId: 3 } }],
  },
  { tool: 'get-structured-content', calls: [{ arguments: { location: 'Chicago' } }] },
  { tool: 'get-sum', calls: [{ arguments: { a: 19, b: 23.5 } }] },
  { tool: 'get-tiny-image', calls: [{ arguments: {} }] },
  {
    // Its default fetches a URL from GitHub; a data: URI keeps the run off the network.
    tool: 'gzip-file-as-resource',
    calls: [
      { arguments: { name: 'inline.txt.gz', data: GZIP_DATA_URI, outputType: 'resource' } },
      { arguments: { name: 'linked.txt.gz', data: GZIP_DATA_URI, outputType: 'resourceLink' } },
    ],
    awaits: ['notifications/resources/list_changed'],
    followUp: (t) => request(t, 'resources/read', { uri: 'demo://resource/session/linked.txt.gz' }),
  },
  { tool: 'trigger-sampling-request', calls: [{ arguments: { prompt: 'Say hello', maxTokens: 64 } }] },
  { tool: 'trigger-sampling-request-async', calls: [{ arguments: { prompt: 'Say hello later', maxTokens: 64 } }] },
  { tool: 'trigger-elicitation-request', calls: [{ arguments: {} }] },
  { tool: 'trigger-elicitation-request-async', calls: [{ arguments: {} }] },
  {
    // First the error path (-32042 with the prerequisite elicitation), then the retry that the
    // server recognises and serves through elicitation/create.
    tool: 'trigger-url-elicitation',
    calls: [
      { arguments: { url: 'https://example.com/consent', elicitationId: 'elicitation-1', errorPath: true }, fails: true },
      { arguments: { url: 'https://example.com/consent', elicitationId: 'elicitation-1', errorPath: true } },
    ],
  },
  {
    // Task-only tool: a plain call is refused; the task flow is its own scenario below.
    tool: 'simulate-research-query',
    calls: [{ arguments: { topic: 'portcullis' }, fails: true }],
  },
];

/** Tools exercised by dedicated scenarios rather than the table. */
const TOOLS_WITH_OWN_SCENARIO = [
  'get-roots-list',
  'toggle-simulated-logging',
  'toggle-subscriber-updates',
  'trigger-long-running-operation',
  'simulate-research-query',
];

const PROMPT_ARGUMENTS: Record<string, Record<string, string>> = {
  'simple-prompt': {},
  'args-prompt': { city: 'Lisbon', state: 'Lisboa' },
  'completable-prompt': { department: 'Engineering', name: 'Alice' },
  'resource-prompt': { resourceType: 'Blob', resourceId: '2' },
};

const TEXT_TEMPLATE = 'demo://resource/dynamic/text/{resourceId}';
const SUBSCRIBED_URI = 'demo://resource/static/document/features.md';

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------
export function describePassthrough(label: string, makeSubject: () => Promise<PassthroughSubject>): void {
  describe(`pass-through side by side: direct stdio vs ${label}`, () => {
    let subject: PassthroughSubject | undefined;
    beforeAll(async () => {
      subject = await makeSubject();
    });
    afterAll(async () => {
      await subject?.close();
    });

    /** Opens a settled session on each side, runs `scenario` on both at once, closes both. */
    async function sideBySide<T>(scenario: (t: TestClient) => Promise<T>): Promise<{ direct: T; through: T }> {
      const direct = createTestClient();
      const through = createTestClient();
      try {
        const via = subject;
        if (!via) throw new Error('the subject was not created');
        // allSettled: never close a side while it is still connecting.
        const opened = await Promise.allSettled([
          connectStdio(direct.client, everythingStdioParams()).then(() => settle(direct)),
          via.connect(through.client).then(() => settle(through)),
        ]);
        for (const side of opened) if (side.status === 'rejected') throw side.reason;
        const [d, s] = await Promise.all([scenario(direct), scenario(through)]);
        expect(protocolErrors(through), 'protocol errors on the subject side').toEqual(protocolErrors(direct));
        return { direct: d, through: s };
      } finally {
        await Promise.allSettled([direct.close(), through.close()]);
      }
    }

    function expectSame(through: unknown, direct: unknown, shape: (v: unknown) => unknown = normalise): void {
      expect(shape(through)).toEqual(shape(direct));
    }

    test('initialize: protocol version, capabilities, serverInfo, instructions, first traffic', async () => {
      const { direct, through } = await sideBySide(async (t) => ({
        initialize: t.initializeResult,
        // stdio also delivers the tools/list_changed notifications the server sends while it
        // registers its capability-dependent tools during initialization; Streamable HTTP drops
        // them (the client's GET stream is not open yet). That is the transport, not the subject.
        notifications: t.notifications.filter((n) => n.method !== 'notifications/tools/list_changed'),
        serverRequests: t.serverRequests,
      }));
      expect(direct.initialize).toHaveProperty('serverInfo');
      expect(direct.initialize).toHaveProperty('instructions');
      expectSame(through, direct);
    });

    test('ping', async () => {
      const { direct, through } = await sideBySide((t) => request(t, 'ping'));
      expectResult(direct);
      expectSame(through, direct);
    });

    test('tools/list: every tool with every field', async () => {
      const { direct, through } = await sideBySide((t) => request(t, 'tools/list'));
      expect(expectResult(direct).tools).not.toHaveLength(0);
      expectSame(through, direct);
    });

    test('every listed tool has a scenario in this suite', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const listed = await request(t, 'tools/list');
        const tools = 'result' in listed && Array.isArray(listed.result.tools) ? (listed.result.tools as { name: string }[]) : [];
        return tools.map((tool) => tool.name).sort();
      });
      const covered = [...new Set([...TOOL_SCENARIOS.map((s) => s.tool), ...TOOLS_WITH_OWN_SCENARIO])].sort();
      expect(direct).toEqual(covered);
      expectSame(through, direct);
    });

    for (const scenario of TOOL_SCENARIOS) {
      test(`tools/call ${scenario.tool}: result, notifications and server-to-client requests`, async () => {
        const { direct, through } = await sideBySide(async (t) => {
          const start = mark(t);
          const outcomes: Outcome[] = [];
          for (const call of scenario.calls) outcomes.push(await callTool(t, scenario.tool, call.arguments));
          for (const method of scenario.awaits ?? []) {
            await waitFor(() => notificationsSince(t, start).some((n) => n.method === method), { timeout: EVENT_TIMEOUT_MS, what: method });
          }
          const followUp = scenario.followUp ? await scenario.followUp(t) : undefined;
          return { outcomes, followUp, notifications: notificationsSince(t, start), serverRequests: requestsSince(t, start) };
        });
        scenario.calls.forEach((call, i) => {
          const outcome = direct.outcomes[i]!;
          if (call.fails) expect('error' in outcome || outcome.result.isError === true, 'the direct call should fail').toBe(true);
          else expectToolSuccess(outcome);
        });
        const shape = scenario.shape;
        expectSame(through.outcomes, direct.outcomes, shape ? (v) => (v as Outcome[]).map(shape) : normalise);
        expectSame({ ...through, outcomes: null }, { ...direct, outcomes: null });
      });
    }

    test('invalid requests keep their JSON-RPC error codes and messages', async () => {
      const { direct, through } = await sideBySide(async (t) => [
        await callTool(t, 'no-such-tool', {}),
        await callTool(t, 'echo', { message: 42 }),
        await callTool(t, 'get-sum', { a: 1 }),
        await request(t, 'portcullis/no-such-method', {}),
        await request(t, 'resources/read', { uri: 'demo://resource/no-such-resource' }),
        await request(t, 'resources/read', { uri: 'demo://resource/dynamic/text/not-a-number' }),
        await request(t, 'prompts/get', { name: 'no-such-prompt' }),
        await request(t, 'prompts/get', { name: 'args-prompt', arguments: {} }),
      ]);
      for (const outcome of direct) expect('error' in outcome || outcome.result.isError === true).toBe(true);
      // Portcullis refuses a tool its session's upstream never listed itself: it never reaches the upstream.
      const [unknown, ...rest] = through;
      const [directUnknown, ...directRest] = direct;
      if (JSON.stringify(unknown) !== JSON.stringify(directUnknown)) {
        expect('result' in unknown! && unknown.result.isError === true && JSON.stringify(unknown.result)).toMatch(/Unknown tool 'no-such-tool'.*nothing was sent to it/);
      }
      expectSame(rest, directRest);
    });

    test('resources/list', async () => {
      const { direct, through } = await sideBySide((t) => request(t, 'resources/list'));
      expect(expectResult(direct).resources).not.toHaveLength(0);
      expectSame(through, direct);
    });

    test('resources/read of every listed resource', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const listed = await request(t, 'resources/list');
        const resources = 'result' in listed && Array.isArray(listed.result.resources) ? (listed.result.resources as { uri: string }[]) : [];
        const reads: Outcome[] = [];
        for (const resource of resources) reads.push(await request(t, 'resources/read', { uri: resource.uri }));
        return reads;
      });
      expect(direct.length).toBeGreaterThan(0);
      direct.forEach(expectResult);
      expectSame(through, direct);
    });

    test('resources/templates/list and template reads (text and blob)', async () => {
      const { direct, through } = await sideBySide(async (t) => [
        await request(t, 'resources/templates/list'),
        await request(t, 'resources/read', { uri: 'demo://resource/dynamic/text/1' }),
        await request(t, 'resources/read', { uri: 'demo://resource/dynamic/blob/2' }),
      ]);
      direct.forEach(expectResult);
      expectSame(through, direct);
    });

    test('resources/subscribe, notifications/resources/updated, resources/unsubscribe', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const start = mark(t);
        const subscribed = await request(t, 'resources/subscribe', { uri: SUBSCRIBED_URI });
        const started = await callTool(t, 'toggle-subscriber-updates');
        await waitFor(() => notificationsSince(t, start).some((n) => n.method === 'notifications/resources/updated'), { timeout: EVENT_TIMEOUT_MS, what: 'notifications/resources/updated' });
        const stopped = await callTool(t, 'toggle-subscriber-updates');
        const unsubscribed = await request(t, 'resources/unsubscribe', { uri: SUBSCRIBED_URI });
        // The unsubscribe acknowledgement is a log message sent after the response: await it.
        await waitFor(() => notificationsSince(t, start).some((n) => logText(n).startsWith('Received Unsubscribe')), { timeout: EVENT_TIMEOUT_MS, what: 'the unsubscribe log' });
        return { subscribed, started, stopped, unsubscribed, notifications: notificationsSince(t, start) };
      });
      expectResult(direct.subscribed);
      expect(direct.notifications).toContainEqual({ method: 'notifications/resources/updated', params: { uri: SUBSCRIBED_URI } });
      expectSame(through, direct);
    });

    test('prompts/list and prompts/get of every prompt with arguments', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const listed = await request(t, 'prompts/list');
        const names = 'result' in listed && Array.isArray(listed.result.prompts) ? (listed.result.prompts as { name: string }[]).map((p) => p.name) : [];
        const gets: Outcome[] = [];
        for (const name of names) gets.push(await request(t, 'prompts/get', { name, arguments: PROMPT_ARGUMENTS[name] ?? {} }));
        return { listed, names, gets };
      });
      expect([...direct.names].sort()).toEqual(Object.keys(PROMPT_ARGUMENTS).sort());
      direct.gets.forEach(expectResult);
      expectSame(through, direct);
    });

    test('completion/complete for prompt arguments and a resource template variable', async () => {
      const complete = (t: TestClient, ref: Record<string, unknown>, name: string, value: string, context?: Record<string, unknown>) =>
        request(t, 'completion/complete', { ref, argument: { name, value }, ...(context && { context }) });
      const { direct, through } = await sideBySide(async (t) => [
        await complete(t, { type: 'ref/prompt', name: 'completable-prompt' }, 'department', 'E'),
        await complete(t, { type: 'ref/prompt', name: 'completable-prompt' }, 'name', '', { arguments: { department: 'Sales' } }),
        await complete(t, { type: 'ref/prompt', name: 'resource-prompt' }, 'resourceType', 'B'),
        await complete(t, { type: 'ref/resource', uri: TEXT_TEMPLATE }, 'resourceId', '7'),
      ]);
      direct.forEach(expectResult);
      expectSame(through, direct);
    });

    test('logging/setLevel filters by level, then simulated logging messages arrive', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const start = mark(t);
        // At "error", the info-level subscribe acknowledgement must be filtered out; at "debug"
        // the unsubscribe one must arrive. Both ride the same stream, so order proves the filter.
        const setError = await request(t, 'logging/setLevel', { level: 'error' });
        await request(t, 'resources/subscribe', { uri: SUBSCRIBED_URI });
        const setDebug = await request(t, 'logging/setLevel', { level: 'debug' });
        await request(t, 'resources/unsubscribe', { uri: SUBSCRIBED_URI });
        await waitFor(() => notificationsSince(t, start).some((n) => logText(n).startsWith('Received Unsubscribe')), { timeout: EVENT_TIMEOUT_MS, what: 'the unsubscribe log' });
        const filtered = notificationsSince(t, start);
        const simulated = mark(t);
        const on = await callTool(t, 'toggle-simulated-logging');
        await waitFor(() => notificationsSince(t, simulated).some(isLog), { timeout: EVENT_TIMEOUT_MS, what: 'a simulated log message' });
        const off = await callTool(t, 'toggle-simulated-logging');
        const first = notificationsSince(t, simulated).find(isLog);
        return { setError, setDebug, filtered, on, off, first };
      });
      expectResult(direct.setError);
      expect(direct.filtered.map(logText)).toEqual([expect.stringMatching(/^Received Unsubscribe/)]);
      // The simulated message has a random level: check it is a real one, then compare the rest.
      const randomLevel = (r: typeof direct) => {
        const level = r.first?.params?.level;
        expect(LOG_LEVELS).toContain(level);
        expect(logText(r.first!).toLowerCase()).toContain(String(level));
        return { ...r, first: { method: r.first?.method, params: { ...r.first?.params, level: '<random>', data: '<random-level message>' } } };
      };
      expectSame(randomLevel(through), randomLevel(direct));
    });

    test('progress: trigger-long-running-operation reports the same progress sequence', async () => {
      const steps = 4;
      const { direct, through } = await sideBySide(async (t) => {
        const start = mark(t);
        const callbacks: Progress[] = [];
        const outcome = await callTool(t, 'trigger-long-running-operation', { duration: 0.4, steps }, { onprogress: (p) => callbacks.push(p) });
        // Taken as soon as the result is in: progress that trails its result would be missing.
        return { outcome, notifications: notificationsSince(t, start), callbacks };
      });
      expectToolSuccess(direct.outcome);
      expect(direct.notifications.filter((n) => n.method === 'notifications/progress')).toHaveLength(steps);
      // onprogress may miss the last one (see protocolErrors); what it got must be the raw sequence.
      for (const side of [direct, through]) {
        const raw = side.notifications.filter((n) => n.method === 'notifications/progress').map(({ params }) => ({ ...params, progressToken: undefined }));
        expect(side.callbacks.length).toBeGreaterThanOrEqual(steps - 1);
        expect(side.callbacks.map((p) => ({ ...p, progressToken: undefined }))).toEqual(raw.slice(0, side.callbacks.length));
      }
      expectSame({ ...through, callbacks: null }, { ...direct, callbacks: null });
    });

    test('cancellation: an aborted call rejects on the client and the session keeps working', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const controller = new AbortController();
        const aborted = await callTool(t, 'trigger-long-running-operation', { duration: 1, steps: 10 }, {
          signal: controller.signal,
          // Abort once the server is demonstrably working on it.
          onprogress: () => controller.abort(),
        });
        const after = await callTool(t, 'echo', { message: 'still here' });
        return { aborted, after };
      });
      expect(direct.aborted).toHaveProperty('error');
      expectToolSuccess(direct.after);
      expectSame(through, direct);
    });

    test('roots: get-roots-list, then roots/list_changed from the client is reflected', async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const start = mark(t);
        const before = await callTool(t, 'get-roots-list');
        await t.setRoots([
          { uri: 'file:///tmp/portcullis-test/root-a', name: 'Root A' },
          { uri: 'file:///tmp/portcullis-test/root-b', name: 'Root B' },
        ]);
        await waitFor(() => t.notifications.some(isRootsUpdate(2)), { timeout: EVENT_TIMEOUT_MS, what: 'the roots re-sync after list_changed' });
        const after = await callTool(t, 'get-roots-list');
        return { before, after, notifications: notificationsSince(t, start), serverRequests: requestsSince(t, start) };
      });
      expectToolSuccess(direct.after);
      expect(direct.serverRequests.map((r) => r.method)).toEqual(['roots/list']);
      expectSame(through, direct);
    });

    // Four one-second stages plus polling: the slowest scenario.
    test('tasks: simulate-research-query as a task, with an elicitation inside it', { timeout: 45_000 }, async () => {
      const { direct, through } = await sideBySide(async (t) => {
        const start = mark(t);
        const stream = t.client.experimental.tasks.callToolStream(
          { name: 'simulate-research-query', arguments: { topic: 'python', ambiguous: true } },
          CallToolResultSchema,
          { task: { ttl: 60_000 }, timeout: REQUEST_TIMEOUT_MS },
        );
        const steps: unknown[] = [];
        for await (const message of stream) {
          // How many "working" polls a client sees depends on timing: keep each status once.
          const step =
            message.type === 'taskStatus' ? { type: message.type, status: message.task.status }
            : message.type === 'error' ? { type: message.type, error: describeError(message.error) }
            : message;
          if (JSON.stringify(step) !== JSON.stringify(steps.at(-1))) steps.push(step);
        }
        return { steps, serverRequests: requestsSince(t, start) };
      });
      expect(direct.steps.at(-1)).toMatchObject({ type: 'result' });
      expect(direct.serverRequests.map((r) => r.method)).toContain('elicitation/create');
      expectSame(through, direct);
    });
  });
}
