// Api: try a call from the window. The call goes through the real gateway path, exactly as an
// AI client's would: an MCP client in this process connects to the gateway's own /mcp/<server>
// endpoint over loopback HTTP, with a short-lived token bound to the chosen grant
// (auth/window-tokens.ts), so session → gate (pause, pinning, policy, limits, taint, approval)
// → call log → upstream all apply, and the call log shows it as made by "Portcullis window".
// Why over HTTP rather than an internal session object: it needs no second entry into the
// session and gate classes (nothing to keep in step), and it adds no route: the only new thing
// is a token the bearer check knows for the length of one call.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ApiEventListener, PortcullisApi, TryCallResult } from '../../../shared/api.js';
import { TRY_CALL_CLIENT_NAME } from '../../../shared/api.js';
import { conflict, notFound } from '../../../shared/api-error.js';
import type { CallRecord } from '../../../shared/calls.js';
import { VERSION } from '../../../shared/version.js';
import type { Portcullis } from '../portcullis.js';
import { requireServer } from './find-server.js';

/** Long enough for a person to answer an approval; the approval's own timeout ends it sooner. */
const TRY_TIMEOUT_MS = 60 * 60_000;
/** How long to wait for the call log's record after the answer (it is written as the answer is sent). */
const RECORD_WAIT_MS = 2_000;

export function tryCallApi(app: Portcullis): Pick<PortcullisApi, 'tryCall'> {
  return {
    async tryCall({ serverId, tool, arguments: args, grant }) {
      await requireServer(app, serverId);
      const gateway = app.gateway;
      if (!gateway.config.data.grants.some((g) => g.name === grant)) throw notFound(`no grant named '${grant}'`);
      if (!gateway.port) throw conflict('the gateway is not listening here: start it (portcullis serve or the app) to try a call');

      const token = gateway.windowTokens.issue(grant, TRY_TIMEOUT_MS);
      const transport = new StreamableHTTPClientTransport(new URL(gateway.endpoint(serverId)), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      const client = new Client({ name: TRY_CALL_CLIENT_NAME, version: VERSION }, { capabilities: {} });
      const records = new RecordWatch(app);
      try {
        await client.connect(transport);
        records.session = transport.sessionId;
        // request(), not callTool(): the result is shown as the gateway sent it, nothing dropped.
        const result = await client.request({ method: 'tools/call', params: { name: tool, arguments: args } }, CallToolResultSchema, {
          timeout: TRY_TIMEOUT_MS,
        });
        const call = await records.finished(tool);
        return {
          result: { content: result.content, isError: result.isError === true, structuredContent: result.structuredContent },
          call,
        } satisfies TryCallResult;
      } finally {
        records.stop();
        gateway.windowTokens.revoke(token);
        await transport.terminateSession().catch(() => undefined);
        await client.close().catch(() => undefined);
      }
    },
  };
}

/** The call log's record of the try, matched by the session the try opened. */
class RecordWatch {
  session?: string;
  private readonly seen: CallRecord[] = [];
  private waiting?: (record: CallRecord) => void;
  private readonly unsubscribe: () => void;

  constructor(app: Portcullis) {
    const listener: ApiEventListener = (event, payload) => {
      if (event !== 'call-finished') return;
      const record = payload as CallRecord;
      this.seen.push(record);
      if (record.session === this.session) this.waiting?.(record);
    };
    this.unsubscribe = app.events.subscribe(listener);
  }

  finished(tool: string): Promise<CallRecord | undefined> {
    const match = (r: CallRecord) => r.session === this.session && r.tool === tool;
    const already = this.seen.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), RECORD_WAIT_MS);
      this.waiting = (record) => {
        if (!match(record)) return;
        clearTimeout(timer);
        resolve(record);
      };
    });
  }

  stop(): void {
    this.unsubscribe();
  }
}
