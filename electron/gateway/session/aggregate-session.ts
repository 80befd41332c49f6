// One downstream session in front of every server at once: the `/mcp` endpoint.
//
// Tools and prompts are namespaced `<server>__<name>` (NameMap); resources keep their URIs
// and are routed to the server that listed them (or whose template matches). Each server's
// own policy still decides its calls and requests and filters its lists: the gate sees the
// real server id and the tool, prompt or URI as that server names it (and, for messages,
// the name the client used).
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { JSONRPCRequest, Notification, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import { DownstreamChannel, progressSink, type DownstreamExtra } from './downstream-channel.js';
import type { CancelSource } from './json-rpc-peer.js';
import { UpstreamChannel } from './upstream-channel.js';
import { gatedToolCall, toolCallArguments } from './gated-call.js';
import { gatedRequest, listMethod } from './gated-request.js';
import type { GovernedRequest, SessionContext } from '../gate/call-gate.js';
import { ALL_SERVERS } from './gateway-session.js';
import { ChannelSession } from './channel-session.js';
import { channelOptions, type SessionOptions } from './proxy-session.js';
import { DownstreamError } from '../util/json-rpc-error.js';
import { NameMap } from './name-map.js';
import { readToolList, SessionTools, UNCANCELLED, watchToolChanges } from './session-tools.js';

const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;
const MAX_PAGES = 50;

export class AggregateSession extends ChannelSession {
  readonly serverId = ALL_SERVERS;
  protected readonly downstream: DownstreamChannel;
  private readonly tools = new NameMap();
  private readonly prompts = new NameMap();
  /** URI → server, learned from resources/list. */
  private readonly resourceOwners = new Map<string, string>();
  private readonly templates: { server: string; template: UriTemplate }[] = [];
  /** What this session's client was shown of each server's tools (pinning and the call's name check: see session-tools.ts). */
  readonly listedTools = new SessionTools((server) => this.readTools(server));

  private constructor(private readonly options: SessionOptions, private readonly upstreams: Map<string, UpstreamChannel>) {
    super(options.grant, options.initialize.clientInfo);
    this.downstream = new DownstreamChannel({
      serverInfo: { name: 'portcullis', version: '0.1.0' },
      capabilities: mergeCapabilities([...upstreams.values()].map((u) => u.serverCapabilities)),
      instructions: mergeInstructions(upstreams),
      openTransport: options.openTransport,
      onRequest: (request, extra) => this.handleRequest(request, extra),
      onNotification: (notification) => this.broadcast(notification),
      onInitialized: () => options.onInitialized(this),
      onClosed: () => void this.close(),
    });
  }

  /** Opens an upstream session on every server; servers that fail to start are left out. */
  static async open(servers: ServerConfig[], options: SessionOptions): Promise<AggregateSession> {
    const holder: { session?: AggregateSession } = {};
    const opened = await Promise.allSettled(
      servers.map((server) =>
        // A server that gives up leaves the others carrying on; calls to it get a clear error.
        UpstreamChannel.open(watchToolChanges(channelOptions(server, options, () => holder.session?.downstream, () => holder.session?.serverContext(server.id), () => undefined), () => holder.session?.listedTools)),
      ),
    );
    const upstreams = new Map<string, UpstreamChannel>();
    const failures: string[] = [];
    opened.forEach((result, i) => {
      if (result.status === 'fulfilled') upstreams.set(servers[i]!.id, result.value);
      else failures.push(`${servers[i]!.id}: ${(result.reason as Error).message}`);
    });
    if (upstreams.size === 0) throw new Error(servers.length === 0 ? 'no servers are registered' : `no server could be reached (${failures.join('; ')})`);
    const session = new AggregateSession(options, upstreams);
    holder.session = session;
    return session;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.upstreams.values()].map((u) => u.close()));
    await this.downstream.close();
    this.options.onClosed(this);
  }

  private async broadcast(notification: Notification): Promise<void> {
    await Promise.all([...this.upstreams.values()].map((u) => u.notify(notification).catch(() => undefined)));
  }

  /** The context the gate sees for `server`'s traffic in this session. */
  serverContext(server: string): SessionContext {
    return this.contextFor(server);
  }

  private upstream(server: string): UpstreamChannel {
    const channel = this.upstreams.get(server);
    if (!channel) throw new DownstreamError(INVALID_PARAMS, `Unknown server '${server}' on this endpoint`);
    return channel;
  }

  private async handleRequest(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    const ctx = { cancel: extra, onProgress: progressSink(request, extra) };
    const params = (request.params ?? {}) as Record<string, unknown>;
    const { gate } = this.options;
    // A governed request to one server, under that server's policy, its target named as on that server.
    const governed = (server: string, calledAs: string | undefined, target: GovernedRequest['target'], forwardParams: JSONRPCRequest['params']) => {
      const upstream = this.upstream(server);
      return gatedRequest(gate, request, extra, {
        context: this.contextFor(server),
        ...(calledAs !== undefined ? { calledAs } : {}),
        ...(target !== undefined ? { target } : {}),
        forward: () => upstream.forward(request.method, forwardParams, ctx),
      });
    };
    switch (request.method) {
      case 'tools/list':
        return { tools: await this.listTools(extra) };
      case 'tools/call': {
        const calledAs = toolCallArguments(request).name;
        const origin = this.tools.resolve(calledAs);
        if (!origin || !this.upstreams.has(origin.server)) return unknownTool(calledAs);
        const upstream = this.upstream(origin.server);
        return gatedToolCall(gate, request, extra, {
          name: origin.name,
          calledAs,
          context: this.contextFor(origin.server),
          tools: this.listedTools,
          forward: (params) => upstream.forward('tools/call', { ...params, name: origin.name }, ctx),
          elicit: this.downstream.elicitor(extra),
        });
      }
      case 'prompts/list':
        return { prompts: await this.listEverywhere('prompts/list', 'prompts', 'prompts', extra, (server, p) => ({ ...p, name: this.prompts.expose(server, String(p.name)) })) };
      case 'prompts/get': {
        const calledAs = String(params.name ?? '');
        const origin = this.prompts.resolve(calledAs);
        if (!origin) throw new DownstreamError(INVALID_PARAMS, `Unknown prompt '${calledAs}'`);
        return governed(origin.server, calledAs, { kind: 'prompt', name: origin.name }, { ...request.params, name: origin.name });
      }
      case 'resources/list':
        return { resources: await this.listEverywhere('resources/list', 'resources', 'resources', extra, (server, r) => (this.resourceOwners.set(String(r.uri), server), r)) };
      case 'resources/templates/list':
        this.templates.length = 0;
        return {
          resourceTemplates: await this.listEverywhere('resources/templates/list', 'resourceTemplates', 'resources', extra, (server, t) => {
            this.templates.push({ server, template: new UriTemplate(String(t.uriTemplate)) });
            return t;
          }),
        };
      case 'resources/read':
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return governed(this.ownerOf(String(params.uri ?? '')), undefined, undefined, request.params);
      case 'completion/complete': {
        const ref = (params.ref ?? {}) as { type?: string; name?: string; uri?: string };
        if (ref.type === 'ref/prompt') {
          const calledAs = String(ref.name ?? '');
          const origin = this.prompts.resolve(calledAs);
          if (!origin) throw new DownstreamError(INVALID_PARAMS, `Unknown prompt '${calledAs}'`);
          return governed(origin.server, calledAs, { kind: 'prompt', name: origin.name }, { ...request.params, ref: { ...ref, name: origin.name } });
        }
        return governed(this.ownerOf(String(ref.uri ?? '')), undefined, undefined, request.params);
      }
      case 'logging/setLevel':
        return this.setLevelEverywhere(request, extra);
      default:
        throw new DownstreamError(METHOD_NOT_FOUND, `Method not found: ${request.method} is not available on the aggregate endpoint`);
    }
  }

  /** Sets the level on every server whose policy allows it; refused everywhere, the client hears the (first) refusal. */
  private async setLevelEverywhere(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    const ctx = { cancel: extra, onProgress: progressSink(request, extra) };
    const servers = [...this.upstreams].filter(([, u]) => u.serverCapabilities.logging);
    const outcomes = await Promise.allSettled(
      servers.map(([server, upstream]) =>
        gatedRequest(this.options.gate, request, extra, { context: this.contextFor(server), forward: () => upstream.forward(request.method, request.params, ctx) }),
      ),
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (servers.length > 0 && refused.length === servers.length) throw refused[0]!.reason;
    return {};
  }

  /** One server's tool list read by Portcullis itself (the client has not listed, or the upstream's tools changed since). */
  private readTools(server: string): Promise<Tool[]> {
    return readToolList((page) => this.upstream(server).forward('tools/list', page, { cancel: UNCANCELLED }), (tools) => this.options.gate.filterTools(this.contextFor(server), tools));
  }

  private async listTools(cancel: CancelSource): Promise<Tool[]> {
    return this.listEverywhere(
      'tools/list', 'tools', 'tools', cancel,
      (server, tool) => ({ ...tool, name: this.tools.expose(server, String(tool.name)) }),
      // Every tool the server listed (before the policy's filter): calls are checked against it.
      (server, tools) => this.listedTools.listed(server, tools as unknown as Tool[], true),
    ) as Promise<Tool[]>;
  }

  /** Lists one kind of item on every server that offers it (all pages), each server's list filtered by its policy, then tagged and merged. */
  private async listEverywhere(
    method: 'tools/list' | 'prompts/list' | 'resources/list' | 'resources/templates/list',
    key: string,
    capability: keyof ServerCapabilities,
    cancel: CancelSource,
    each: (server: string, item: Record<string, unknown>) => Record<string, unknown>,
    seen?: (server: string, items: Record<string, unknown>[]) => void,
  ): Promise<Record<string, unknown>[]> {
    const lists = await Promise.all(
      [...this.upstreams].map(async ([server, upstream]) => {
        if (!upstream.serverCapabilities[capability]) return [];
        const items: Record<string, unknown>[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const result = await upstream.forward(method, cursor ? { cursor } : {}, { cancel }).catch(() => ({}) as Record<string, unknown>);
          const batch = result[key];
          if (Array.isArray(batch)) items.push(...(batch as Record<string, unknown>[]));
          cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
          if (!cursor) break;
        }
        seen?.(server, items);
        const ctx = this.contextFor(server);
        const list = listMethod(method);
        const shown = list ? this.options.gate.filterList(ctx, list.kind, items) : this.options.gate.filterTools(ctx, items as unknown as Tool[]);
        return (shown as Record<string, unknown>[]).map((item) => each(server, item));
      }),
    );
    return lists.flat();
  }

  private ownerOf(uri: string): string {
    const listed = this.resourceOwners.get(uri);
    if (listed) return listed;
    const byTemplate = this.templates.find(({ template }) => template.match(uri) !== null);
    if (byTemplate) return byTemplate.server;
    if (this.upstreams.size === 1) return [...this.upstreams.keys()][0]!;
    throw new DownstreamError(INVALID_PARAMS, `Unknown resource '${uri}': list resources or templates first, so Portcullis knows which server has it`);
  }
}

function unknownTool(name: string): Record<string, unknown> {
  return { content: [{ type: 'text', text: `Unknown tool '${name}': tools on this endpoint are named <server>__<tool> (see tools/list).` }], isError: true };
}

function mergeCapabilities(all: ServerCapabilities[]): ServerCapabilities {
  const merged: ServerCapabilities = {};
  if (all.some((c) => c.tools)) merged.tools = { listChanged: true };
  if (all.some((c) => c.prompts)) merged.prompts = { listChanged: true };
  if (all.some((c) => c.resources)) merged.resources = { listChanged: true, subscribe: all.some((c) => c.resources?.subscribe) };
  if (all.some((c) => c.logging)) merged.logging = {};
  if (all.some((c) => c.completions)) merged.completions = {};
  return merged;
}

function mergeInstructions(upstreams: Map<string, UpstreamChannel>): string | undefined {
  const parts = [...upstreams].filter(([, u]) => u.instructions).map(([id, u]) => `## ${id} (tools named ${id}__<tool>)\n\n${u.instructions}`);
  return parts.length ? `Portcullis: this endpoint fronts several MCP servers.\n\n${parts.join('\n\n')}` : undefined;
}
