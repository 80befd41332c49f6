// Approvals inside the agent's client (MCP elicitation): a real SDK client that declares the
// elicitation capability is asked on its own session and may approve (once, for the session) or
// deny with a reason; a client without it is asked only in Portcullis; answered from both sides
// at once, exactly one decision counts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { startAgentApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import type { ApprovalResolution } from '../../shared/approvals.js';

const POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    odoo_write: { action: 'approve', approval: { via: ['client', 'tray'] } },
    odoo_create: { action: 'approve' },
  },
};

let app: TestApp;
let token: string;
let resolutions: ApprovalResolution[];
beforeAll(async () => {
  ({ app, token, resolutions } = await startAgentApp(POLICY));
});
afterAll(async () => {
  await app?.stop();
});

type Answer = (request: ElicitRequest) => Promise<ElicitResult>;

async function connectEliciting(answer: Answer, url = app.endpoint('odoo')): Promise<{ client: Client; asked: ElicitRequest[] }> {
  const asked: ElicitRequest[] = [];
  const client = new Client({ name: 'eliciting-client', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request);
    return answer(request);
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return { client, asked };
}

describe('approval inside the client', () => {
  test('approved in the client: the call runs; the question named the tool, server, rule and exact arguments; the log says who', async () => {
    const { client, asked } = await connectEliciting(async () => ({ action: 'accept', content: { decision: 'approve_once' } }));
    const result = await client.callTool({ name: 'odoo_write', arguments: { model: 'res.partner', ids: [7] } });
    expect(textOf(result)).toBe('ok: odoo_write');
    expect(asked).toHaveLength(1);
    const params = asked[0]!.params as { message: string; requestedSchema: { properties: Record<string, { enum?: string[] }> } };
    expect(params.message).toMatch(/call 'odoo_write' on server 'odoo'/);
    expect(params.message).toMatch(/tools\.odoo_write/);
    expect(params.message).toContain('"model": "res.partner"');
    expect(params.requestedSchema.properties.decision!.enum).toEqual(['approve_once', 'approve_session', 'deny']);
    const record = (await app.api.queryCalls({ tool: 'odoo_write', limit: 1 })).records[0]!;
    expect(record.approval).toMatchObject({ outcome: 'approved', by: 'client', scope: 'once' });
    await client.close();
  });

  test('on the aggregate endpoint (/mcp) too: the question names the real tool and server', async () => {
    const { client, asked } = await connectEliciting(async () => ({ action: 'accept', content: { decision: 'approve_once' } }), `${app.app.gateway.url}/mcp`);
    expect(textOf(await client.callTool({ name: 'odoo__odoo_write', arguments: { aggregate: true } }))).toBe('ok: odoo_write');
    expect((asked[0]!.params as { message: string }).message).toMatch(/call 'odoo_write' on server 'odoo'/);
    await client.close();
  });

  test('denied in the client with a reason: the agent receives it; nothing is called', async () => {
    const { client } = await connectEliciting(async () => ({ action: 'accept', content: { decision: 'deny', reason: 'Not on a Friday' } }));
    const result = await client.callTool({ name: 'odoo_write', arguments: { model: 'account.move' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/a person denied the call to 'odoo_write'.*Not on a Friday/);
    expect((await app.api.queryCalls({ tool: 'odoo_write', limit: 1 })).records[0]).toMatchObject({ upstream: 'not-called', approval: { outcome: 'denied', by: 'client' } });
    await client.close();
  });

  test('approve for this session in the client: later calls of that tool on the session are not asked again', async () => {
    const { client, asked } = await connectEliciting(async () => ({ action: 'accept', content: { decision: 'approve_session' } }));
    expect(textOf(await client.callTool({ name: 'odoo_write', arguments: { n: 1 } }))).toBe('ok: odoo_write');
    expect(textOf(await client.callTool({ name: 'odoo_write', arguments: { n: 2 } }))).toBe('ok: odoo_write');
    expect(asked).toHaveLength(1);
    await client.close();
  });

  test('declined in the client is no answer: the question stays in Portcullis, which answers it', async () => {
    const { client, asked } = await connectEliciting(async () => ({ action: 'decline' }));
    const call = client.callTool({ name: 'odoo_write', arguments: { declined: true } });
    await waitFor(() => asked.length === 1, { what: 'the client to be asked' });
    const request = (await app.api.listApprovals({})).find((r) => r.tool === 'odoo_write')!;
    expect(request.askedInClient).toBe(true);
    await app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'once' } });
    expect(textOf(await call)).toBe('ok: odoo_write');
    await client.close();
  });

  test('a client without the elicitation capability is asked only in Portcullis (decideApproval)', async () => {
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
    const call = client.callTool({ name: 'odoo_write', arguments: { plain: true } });
    let id = '';
    await waitFor(async () => {
      const request = (await app.api.listApprovals({})).find((r) => r.tool === 'odoo_write');
      id = request?.id ?? '';
      return request !== undefined;
    }, { what: 'the approval request' });
    expect((await app.api.listApprovals({}))[0]!.askedInClient).toBeUndefined();
    await app.api.decideApproval({ id, decision: { action: 'approve', scope: 'once' } });
    expect(textOf(await call)).toBe('ok: odoo_write');
    await client.close();
  });

  test('a rule without approval.via asks only in Portcullis, even a client that could be asked', async () => {
    const { client, asked } = await connectEliciting(async () => ({ action: 'accept', content: { decision: 'approve_once' } }));
    const call = client.callTool({ name: 'odoo_create', arguments: { tray: true } });
    let id = '';
    await waitFor(async () => ((id = (await app.api.listApprovals({})).find((r) => r.tool === 'odoo_create')?.id ?? '') !== ''), { what: 'the approval request' });
    await app.api.decideApproval({ id, decision: { action: 'deny' } });
    expect((await call).isError).toBe(true);
    expect(asked).toHaveLength(0);
    await client.close();
  });

  test('answered in the client and in Portcullis at once: exactly one decision counts, and the other side finds it resolved', async () => {
    let trayAnswer: Promise<unknown> | undefined;
    const { client } = await connectEliciting(async () => {
      const request = (await app.api.listApprovals({})).find((r) => r.tool === 'odoo_write')!;
      trayAnswer = app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'once' } }).then(
        () => 'tray decided',
        (error: Error) => error.message,
      );
      return { action: 'accept', content: { decision: 'deny', reason: 'from the client' } };
    });
    const before = resolutions.length;
    const result = await client.callTool({ name: 'odoo_write', arguments: { both: true } });
    const tray = await trayAnswer;
    await waitFor(() => resolutions.length > before, { what: 'the resolution' });
    const mine = resolutions.slice(before);
    expect(mine).toHaveLength(1);
    if (mine[0]!.by === 'client') {
      expect(mine[0]!.outcome).toBe('denied');
      expect(tray).toMatch(/no pending approval/);
      expect(textOf(result)).toMatch(/from the client/);
    } else {
      expect(mine[0]!.outcome).toBe('approved');
      expect(tray).toBe('tray decided');
      expect(textOf(result)).toBe('ok: odoo_write');
    }
    await client.close();
  });
});
