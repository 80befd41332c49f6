// The approver sees exactly what will run: every argument whole (no redaction by key name,
// no truncation), equal to what reaches the upstream, with secret-looking values marked so a
// window or the CLI can mask them until the person reveals them.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { odooFixture, startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { runCli } from '../helpers/cli.js';
import { hashArguments } from '../../electron/gateway/approvals/approval-broker.js';
import type { ApprovalRequest } from '../../shared/approvals.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const POLICY = { version: '1', default: 'deny', tools: { ssh_execute: { action: 'approve' } } };

let app: TestApp;
let token: string;
let scratch: string;
let callsFile: string;
beforeAll(async () => {
  scratch = makeTempDir('portcullis-approval-args-');
  callsFile = path.join(scratch, 'calls.jsonl');
  app = await startTestApp({ servers: { odoo: odooFixture({ CALLS_FILE: callsFile }) }, policies: { odoo: POLICY } });
  token = await app.grant('agent');
});
afterAll(async () => {
  await app?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function pendingFor(tool: string): Promise<ApprovalRequest> {
  let found: ApprovalRequest | undefined;
  await waitFor(async () => (found = (await app.api.listApprovals({})).find((r) => r.tool === tool)) !== undefined, { what: `an approval for ${tool}` });
  return found!;
}

describe('an approval request', () => {
  test('carries the arguments whole and equal to what is forwarded, with secret-looking paths marked', async () => {
    const args = {
      host: 'prod-db',
      // 3 KB: the call log cuts strings at 2 KB, an approval must not.
      command: `echo start; ${'x'.repeat(3000)}; rm -rf /var/lib/postgresql`,
      session: 'sess-7f3a9c2e',
      user: 'Bearer ../../../../root/.ssh/id_rsa',
      connection: { url: 'postgresql://app:PgPassw0rd@db.example.com/app', options: ['--verbose'] },
      timeout: 30,
    };
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
    const call = client.callTool({ name: 'ssh_execute', arguments: args });
    const request = await pendingFor('ssh_execute');

    expect(request.arguments).toEqual(args);
    expect(request.argumentsHash).toBe(hashArguments(args));
    expect(request.secretPaths).toEqual(expect.arrayContaining([['session'], ['user'], ['connection', 'url']]));
    expect(request.secretPaths).not.toContainEqual(['command']);
    expect(request.secretPaths).not.toContainEqual(['host']);

    // The CLI: --json gives both; the table masks the marked values and says how to see it all.
    const json = await runCli(['approvals', '--json'], { dataDir: app.dataDir });
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ arguments: args, secretPaths: request.secretPaths });
    const table = await runCli(['approvals'], { dataDir: app.dataDir });
    expect(table.stdout).not.toContain('sess-7f3a9c2e');
    expect(table.stderr).toMatch(/masked/);
    expect(table.stderr).toMatch(/approvals --json/);

    await app.api.decideApproval({ id: request.id, decision: { action: 'approve', scope: 'once' } });
    expect(textOf(await call)).toBe('ok: ssh_execute');
    const forwarded = (await readFile(callsFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { name: string; args: unknown });
    expect(forwarded).toEqual([{ name: 'ssh_execute', args: request.arguments }]);
    await client.close();
  });
});
