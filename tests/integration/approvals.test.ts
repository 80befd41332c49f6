// Approvals end to end with a real client: held calls, approve once / for the session, deny with
// a reason the agent sees; a timeout, a cancel or a disconnect leaves the question open, and an
// approval given then serves exactly one retry of the same call.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startAgentApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import type { ApprovalRequest, ApprovalResolution } from '../../shared/approvals.js';

const POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    odoo_write: { action: 'approve' },
    odoo_create: { action: 'approve', approval: { timeout_s: 1 } },
    odoo_search_read: {},
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

const connect = () => connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });

async function nextRequest(tool: string, seen: Set<string> = new Set()): Promise<ApprovalRequest> {
  let found: ApprovalRequest | undefined;
  await waitFor(async () => {
    found = (await app.api.listApprovals({})).find((r) => r.tool === tool && !seen.has(r.id));
    return found !== undefined;
  }, { what: `an approval request for ${tool}` });
  return found!;
}

describe('approvals', () => {
  test('approve once: the held call runs and the client gets its result; the next call asks again', async () => {
    const client = await connect();
    const progress: string[] = [];
    const call = client.callTool({ name: 'odoo_write', arguments: { model: 'res.partner', ids: [7], values: { name: 'Ada' } } }, undefined, {
      onprogress: (p) => progress.push(p.message ?? ''),
    });
    const request = await nextRequest('odoo_write');
    expect(request).toMatchObject({ server: 'odoo', grant: 'agent', tool: 'odoo_write', rule: 'tools.odoo_write', arguments: { model: 'res.partner', ids: [7] } });
    expect(request.argumentsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(request.client?.name).toBe('test-client');
    await app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'once' } });
    expect(textOf(await call)).toBe('ok: odoo_write');
    expect(progress[0]).toMatch(/Waiting for approval in Portcullis/);

    const again = client.callTool({ name: 'odoo_write', arguments: { model: 'res.partner', ids: [7] } });
    const second = await nextRequest('odoo_write', new Set([request.id]));
    await app.api.decideApproval({ id: second.id, decision: { action: 'deny' } });
    expect((await again).isError).toBe(true);
    await client.close();
  });

  test('approve for session: the same tool runs again in that session without asking; another session is asked', async () => {
    const client = await connect();
    const first = client.callTool({ name: 'odoo_write', arguments: { a: 1 } });
    const request = await nextRequest('odoo_write');
    await app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'session' } });
    expect(textOf(await first)).toBe('ok: odoo_write');
    expect(textOf(await client.callTool({ name: 'odoo_write', arguments: { a: 2 } }))).toBe('ok: odoo_write');
    expect(await app.api.listApprovals({})).toHaveLength(0);

    const other = await connect();
    const held = other.callTool({ name: 'odoo_write', arguments: { a: 3 } });
    const otherRequest = await nextRequest('odoo_write', new Set([request.id]));
    expect(otherRequest.session).not.toBe(request.session);
    await app.api.decideApproval({ id: otherRequest.id, decision: { action: 'deny', reason: 'not now' } });
    await held;
    await Promise.all([client.close(), other.close()]);
  });

  test('deny with a reason: the agent is told, and the upstream is never called', async () => {
    const client = await connect();
    const call = client.callTool({ name: 'odoo_write', arguments: { model: 'account.move' } });
    const request = await nextRequest('odoo_write');
    await app.api.decideApproval({ id: request.id, decision: { action: 'deny', reason: 'Invoices are frozen until Monday' } });
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/a person denied the call to 'odoo_write'/);
    expect(textOf(result)).toMatch(/Invoices are frozen until Monday/);
    const record = (await app.api.queryCalls({ tool: 'odoo_write', limit: 1 })).records[0]!;
    expect(record.approval).toMatchObject({ outcome: 'denied', reason: 'Invoices are frozen until Monday' });
    expect(record.upstream).toBe('not-called');
    await client.close();
  });

  test('timeout: the agent is told to retry once approved; the question stays open, a late approval runs the retry once, a second retry asks again', async () => {
    const client = await connect();
    const args = { model: 'res.partner', values: { name: 'Late' } };
    const result = await client.callTool({ name: 'odoo_create', arguments: args });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no one has answered yet; it was not run\. The request stays open in Portcullis until .*: once a person approves it, call 'odoo_create' again with exactly the same arguments and it runs once without asking again/);
    const open = (await app.api.listApprovals({})).find((r) => r.tool === 'odoo_create')!;
    expect(open.agentGone?.why).toBe('timeout');
    expect(resolutions.some((r) => r.id === open.id)).toBe(false);

    const resolution = await app.api.decideApproval({ id: open.id, decision: { action: 'approve', scope: 'once' } }, { actor: 'web' });
    expect(resolution.keptUntil).toBeDefined();
    expect((await app.api.approvalHistory({}))[0]).toMatchObject({ request: { id: open.id }, kept: { state: 'waiting' } });

    expect(textOf(await client.callTool({ name: 'odoo_create', arguments: { values: { name: 'Late' }, model: 'res.partner' } }))).toBe('ok: odoo_create');
    const record = (await app.api.queryCalls({ tool: 'odoo_create', limit: 1 })).records[0]!;
    expect(record.approval).toMatchObject({ id: open.id, outcome: 'approved', kept: true, by: 'web' });
    expect((await app.api.approvalHistory({})).find((e) => e.request.id === open.id)!.kept).toMatchObject({ state: 'used', usedBy: record.id });

    const second = await client.callTool({ name: 'odoo_create', arguments: args });
    expect(textOf(second)).toMatch(/no one has answered yet/);
    await client.close();
  });

  test('a cancelled request stays open; an approval then is kept for the retry, and a revoked one is not used', async () => {
    const client: Client = await connect();
    const controller = new AbortController();
    const call = client.callTool({ name: 'odoo_write', arguments: { x: 1 } }, undefined, { signal: controller.signal });
    const request = await nextRequest('odoo_write');
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor(async () => (await app.api.listApprovals({})).find((r) => r.id === request.id)?.agentGone?.why === 'cancelled', { what: 'the question marked as abandoned' });
    await app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'once' } });
    const revoked = await app.api.revokeApproval({ id: request.id }, { actor: 'cli' });
    expect(revoked.kept).toMatchObject({ state: 'revoked', revokedBy: 'cli' });
    await expect(app.api.revokeApproval({ id: request.id })).rejects.toThrow(/no approval waiting to be used/);

    const retry = client.callTool({ name: 'odoo_write', arguments: { x: 1 } });
    const asked = await nextRequest('odoo_write', new Set([request.id]));
    await app.api.decideApproval({ id: asked.id, decision: { action: 'deny' } });
    expect((await retry).isError).toBe(true);
    await client.close();
  });

  test('a client that disconnects leaves its question open; the approval serves its retry from a new session', async () => {
    const client = await connect();
    void client.callTool({ name: 'odoo_write', arguments: { y: 1 } }).catch(() => undefined);
    const request = await nextRequest('odoo_write');
    await (client.transport as unknown as { terminateSession(): Promise<void> }).terminateSession();
    await waitFor(async () => (await app.api.listApprovals({})).find((r) => r.id === request.id)?.agentGone !== undefined, { what: 'the question marked as abandoned' });
    await client.close().catch(() => undefined);
    await app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'once' } });
    const again = await connect();
    expect(textOf(await again.callTool({ name: 'odoo_write', arguments: { y: 1 } }))).toBe('ok: odoo_write');
    await again.close();
  });
});
