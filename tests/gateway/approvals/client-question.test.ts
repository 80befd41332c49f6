// The question asked inside the client and how its answers read: only an explicit choice counts;
// a declined or cancelled form, or a choice that is not one of ours, is no answer.
import { expect, test } from 'vitest';
import { clientAnswer, clientQuestion } from '../../../electron/gateway/approvals/client-question.js';
import type { ApprovalRequest } from '../../../shared/approvals.js';

const REQUEST: ApprovalRequest = {
  id: 'apr_1',
  createdAt: '2026-12-07T00:00:00.000Z',
  expiresAt: '2026-12-07T00:00:50.000Z',
  server: 'odoo',
  grant: 'agent',
  session: 's1',
  tool: 'odoo_unlink',
  arguments: { model: 'res.partner', ids: [7], api_key: 'sk-live-abcdef1234567890' },
  secretPaths: [['api_key']],
  argumentsHash: 'h',
  riskClass: 'destructive',
  riskLevel: 'high',
  rule: 'risk.destructive',
};

test('the question names the tool, server, risk class and rule, shows the arguments with secrets masked, and offers three choices and a reason', () => {
  const question = clientQuestion(REQUEST) as { message: string; requestedSchema: { properties: Record<string, { enum?: string[] }>; required: string[] } };
  expect(question.message).toMatch(/call 'odoo_unlink' on server 'odoo' \(destructive, high risk\)\. Policy rule risk\.destructive/);
  expect(question.message).toContain('"ids": [');
  expect(question.message).toContain('"api_key": "***"');
  expect(question.message).not.toContain('sk-live-abcdef1234567890');
  expect(question.requestedSchema.properties.decision!.enum).toEqual(['approve_once', 'approve_session', 'deny']);
  expect(question.requestedSchema.properties.reason).toBeDefined();
  expect(question.requestedSchema.required).toEqual(['decision']);
});

test('answers: accept with a choice decides; decline, cancel or an unknown choice is no answer', () => {
  expect(clientAnswer({ action: 'accept', content: { decision: 'approve_once' } })).toEqual({ action: 'approve', scope: 'once' });
  expect(clientAnswer({ action: 'accept', content: { decision: 'approve_session' } })).toEqual({ action: 'approve', scope: 'session' });
  expect(clientAnswer({ action: 'accept', content: { decision: 'deny', reason: '  not today ' } })).toEqual({ action: 'deny', reason: 'not today' });
  expect(clientAnswer({ action: 'accept', content: { decision: 'deny' } })).toEqual({ action: 'deny' });
  expect(clientAnswer({ action: 'decline' })).toBeUndefined();
  expect(clientAnswer({ action: 'cancel' })).toBeUndefined();
  expect(clientAnswer({ action: 'accept', content: { decision: 'yes' } })).toBeUndefined();
});
