// A real SDK Client for integration tests: it declares sampling, elicitation (form and URL),
// roots (listChanged) and client-side tasks, answers server-to-client requests with
// deterministic handlers, and records every raw message the server sends it, in order.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { RequestOptions, RequestTaskStore } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { CreateMessageResult, ElicitResult, Result, Root } from '@modelcontextprotocol/sdk/types.js';

/** A message as it arrived on the wire (cloned before the SDK parses it). */
export interface RecordedMessage {
  method: string;
  params?: Record<string, unknown>;
}

export interface TestClientOptions {
  /** clientInfo.name; defaults to "portcullis-test-client". */
  name?: string;
  /** Roots answered to roots/list until setRoots() changes them. */
  roots?: Root[];
}

export const DEFAULT_ROOTS: Root[] = [{ uri: 'file:///tmp/portcullis-test/root-a', name: 'Root A' }];

/** The deterministic LLM reply to sampling/createMessage: it quotes the first text message. */
export function samplingReply(params: { messages: { content: unknown }[] }): CreateMessageResult {
  const first = params.messages[0]?.content;
  const text = isRecord(first) && typeof first.text === 'string' ? first.text : '(no text)';
  return {
    model: 'portcullis-test-model',
    role: 'assistant',
    stopReason: 'endTurn',
    content: { type: 'text', text: `Sampled reply to: ${text}` },
  };
}

/** The deterministic answer to elicitation/create: URL mode is accepted; a form is filled from its schema. */
export function elicitationReply(params: Record<string, unknown>): ElicitResult {
  if (params.mode === 'url') return { action: 'accept' };
  const schema = params.requestedSchema;
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const content: Record<string, string | number | boolean | string[]> = {};
  for (const [key, property] of Object.entries(properties)) {
    const value = isRecord(property) ? fieldValue(property) : undefined;
    if (value !== undefined) content[key] = value;
  }
  return { action: 'accept', content };
}

function fieldValue(property: Record<string, unknown>): string | number | boolean | string[] | undefined {
  const fallback = property.default;
  if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') return fallback;
  if (Array.isArray(fallback) && fallback.every((v) => typeof v === 'string')) return fallback as string[];
  const choice = firstChoice(property);
  if (property.type === 'array') {
    const item = isRecord(property.items) ? firstChoice(property.items) : undefined;
    return item === undefined ? [] : [item];
  }
  if (choice !== undefined) return choice;
  switch (property.type) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return typeof property.minimum === 'number' ? property.minimum : 1;
    case 'string':
      if (property.format === 'email') return 'ada@example.com';
      if (property.format === 'uri') return 'https://example.com/ada';
      if (property.format === 'date') return '1815-12-10';
      return 'Ada Lovelace';
    default:
      return undefined;
  }
}

/** The first allowed value of an enum / oneOf / anyOf field. */
function firstChoice(schema: Record<string, unknown>): string | undefined {
  if (Array.isArray(schema.enum) && typeof schema.enum[0] === 'string') return schema.enum[0];
  for (const options of [schema.oneOf, schema.anyOf]) {
    if (Array.isArray(options)) {
      const first: unknown = options[0];
      if (isRecord(first) && typeof first.const === 'string') return first.const;
    }
  }
  return undefined;
}

/** Records inbound messages before Protocol.connect wires its own handler (it chains an existing onmessage). */
class RecordingClient extends Client {
  constructor(
    private readonly record: (message: unknown) => void,
    ...args: ConstructorParameters<typeof Client>
  ) {
    super(...args);
  }

  override async connect(transport: Transport, options?: RequestOptions): Promise<void> {
    const previous = transport.onmessage;
    transport.onmessage = (message, extra) => {
      this.record(message);
      previous?.(message, extra);
    };
    await super.connect(transport, options);
  }
}

export class TestClient {
  readonly client: Client;
  /** Every notification received, in arrival order (logging, progress, resources/updated, list_changed, …). */
  readonly notifications: RecordedMessage[] = [];
  /** Every request the server sent to this client (sampling, elicitation, roots/list, tasks/get, …). */
  readonly serverRequests: RecordedMessage[] = [];
  /** Errors the SDK reported on this connection (e.g. progress for an unknown token). */
  readonly errors: Error[] = [];
  /** The raw result of `initialize`, with every field the server sent. */
  initializeResult: Record<string, unknown> | undefined;
  private roots: Root[];
  private readonly taskStore = new InMemoryTaskStore();

  constructor(options: TestClientOptions = {}) {
    this.roots = options.roots ?? DEFAULT_ROOTS;
    this.client = new RecordingClient(
      (message) => this.record(message),
      { name: options.name ?? 'portcullis-test-client', version: '1.0.0' },
      {
        capabilities: {
          sampling: {},
          elicitation: { form: {}, url: {} },
          roots: { listChanged: true },
          // Lets the server send task-augmented sampling/elicitation (the *-async tools).
          tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
        },
        taskStore: this.taskStore,
      },
    );
    this.client.onerror = (error) => this.errors.push(error);
    this.client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) =>
      this.answer(samplingReply(request.params), request.params.task, extra.taskStore),
    );
    this.client.setRequestHandler(ElicitRequestSchema, async (request, extra) =>
      this.answer(elicitationReply(request.params), request.params.task, extra.taskStore),
    );
    this.client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: this.roots }));
  }

  /** Replaces the roots and tells the server (notifications/roots/list_changed). */
  async setRoots(roots: Root[]): Promise<void> {
    this.roots = roots;
    await this.client.sendRootsListChanged();
  }

  /** Ends an HTTP session explicitly (DELETE) so the server frees it, then closes the connection. */
  async close(): Promise<void> {
    const transport = this.client.transport;
    if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
      await transport.terminateSession().catch(() => undefined);
    }
    await this.client.close();
    this.taskStore.cleanup();
  }

  /**
   * A plain request gets the result. A task-augmented one gets a working task that completes
   * right after the reply, so the server goes through tasks/get and tasks/result to fetch it.
   */
  private async answer<T extends Result>(result: T, task: { ttl?: number } | undefined, store: RequestTaskStore | undefined): Promise<T> {
    if (task === undefined || store === undefined) return result;
    // A snapshot: the store mutates its own copy when the task completes.
    const created = { ...(await store.createTask({ ttl: task.ttl })) };
    setImmediate(() => {
      store.storeTaskResult(created.taskId, 'completed', result).catch((error: unknown) => this.errors.push(error as Error));
    });
    // The SDK validates this against CreateTaskResultSchema when the request asked for a task.
    return { task: created } as unknown as T;
  }

  private record(message: unknown): void {
    if (isJSONRPCNotification(message)) {
      this.notifications.push(structuredClone({ method: message.method, params: message.params }));
    } else if (isJSONRPCRequest(message)) {
      this.serverRequests.push(structuredClone({ method: message.method, params: message.params }));
    } else if (isJSONRPCResultResponse(message) && this.initializeResult === undefined && 'serverInfo' in message.result) {
      this.initializeResult = structuredClone(message.result);
    }
  }
}

export function createTestClient(options?: TestClientOptions): TestClient {
  return new TestClient(options);
}

/** Connects over stdio (the SDK spawns `params.command`); a piped stderr is drained so it never blocks. */
export async function connectStdio(client: Client, params: StdioServerParameters): Promise<void> {
  const transport = new StdioClientTransport(params);
  transport.stderr?.on('data', () => undefined);
  await client.connect(transport);
}

/** Connects over Streamable HTTP, sending `headers` (e.g. Authorization) with every request. */
export async function connectHttp(client: Client, url: URL | string, headers: Record<string, string> = {}): Promise<void> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
}


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
