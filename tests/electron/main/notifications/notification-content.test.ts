// The words of each notification, edge cases included: no client name, no risk class, long errors, many tools.
import { describe, expect, it } from 'vitest';
import { approvalText, crashText, policyRefusedText, signInText, toolChangedText } from '../../../../electron/main/notifications/notification-content.js';
import type { ApprovalRequest } from '../../../../shared/approvals.js';
import type { ServerStatus } from '../../../../shared/config.js';

const request = (extra: Partial<ApprovalRequest>) => ({ id: 'a1', server: 'odoo', grant: 'agent', tool: 'odoo_execute', ...extra }) as ApprovalRequest;
const status = (extra: Partial<ServerStatus> = {}): ServerStatus => ({ id: 'odoo', state: 'failed', stderrTail: [], restarts: 5, sessions: 0, since: '', ...extra });

describe('approvalText', () => {
  it('names the client (else the grant), the tool, the server and the risk', () => {
    expect(approvalText(request({ client: { name: 'Cursor', version: '1' }, riskLevel: 'high', riskClass: 'write' }))).toEqual({
      title: 'Approve odoo_execute?',
      body: 'Cursor wants to call odoo_execute on odoo. High risk (write).',
    });
    expect(approvalText(request({ riskLevel: 'low' })).body).toBe('agent wants to call odoo_execute on odoo. Low risk.');
    expect(approvalText(request({})).body).toBe('agent wants to call odoo_execute on odoo. Risk not classified.');
  });
});

describe('crashText', () => {
  it('counts the failures and cuts the last error to 140 characters', () => {
    expect(crashText(status(), 3)).toEqual({ title: 'odoo keeps crashing', body: 'It failed 3 times in a row. Portcullis keeps restarting it.' });
    const body = crashText(status({ lastError: 'e'.repeat(200) }), 3).body;
    expect(body).toBe(`It failed 3 times in a row: ${'e'.repeat(139)}…. Portcullis keeps restarting it.`);
    expect(crashText(status({ lastError: 'e'.repeat(140) }), 3).body).toContain(`: ${'e'.repeat(140)}. `);
  });
});

describe('signInText', () => {
  it('says calls are refused until the person signs in', () => {
    expect(signInText(status({ id: 'github' }))).toEqual({
      title: 'Sign in to github',
      body: 'github needs you to sign in before Portcullis can reach it; calls to it are refused until then. Click to open Servers.',
    });
  });
});

describe('toolChangedText', () => {
  it('tells appeared from changed, naming up to three tools', () => {
    expect(toolChangedText('odoo', [{ name: 'odoo_read', status: 'new' }])).toEqual({
      title: 'New tool on odoo',
      body: "'odoo_read' appeared since you reviewed it. Click to review it in the Catalog.",
    });
    const tools = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, status: name === 'a' ? 'changed' : 'new' }));
    expect(toolChangedText('odoo', tools)).toEqual({
      title: 'A tool on odoo changed',
      body: "'a', 'b', 'c' and 2 more changed its definition since you reviewed it. Click to review it in the Catalog.",
    });
    expect(toolChangedText('odoo', tools.slice(0, 3)).body).toMatch(/^'a', 'b', 'c' changed/);
  });
});

describe('policyRefusedText', () => {
  it('shows the first problem at its path, counts the rest, and says the last good policy stays', () => {
    expect(policyRefusedText('odoo', [{ path: 'tools.x.action', message: 'bad' }, { path: 'default', message: 'bad' }, { path: 'hide', message: 'bad' }])).toEqual({
      title: 'Policy for odoo refused',
      body: 'tools.x.action: bad (and 2 more). The last good policy stays active.',
    });
    expect(policyRefusedText('odoo', [{ path: '', message: 'not valid JSON' }]).body).toBe('(document): not valid JSON. The last good policy stays active.');
    expect(policyRefusedText('odoo', []).body).toBe('the document is not valid. The last good policy stays active.');
  });
});
