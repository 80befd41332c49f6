import { describe, expect, test } from 'vitest';
import { MAX_MARKS_PER_SESSION, SessionTaints, describeTaint, taintRulesOf } from '../../../electron/gateway/gate/session-taint.js';
import type { Policy } from '../../../shared/policy/types.js';

const policy = (taint: Policy['taint']): Policy => ({ version: '1', default: 'allow', taint });
const AT = Date.parse('2026-12-07T10:02:11Z');

describe('SessionTaints', () => {
  const rules = taintRulesOf(
    policy([
      { after: { open_world_read: true }, then: { tools: ['send_*'] }, action: 'approve', reason: 'This session read web content.' },
      { after: { tools: ['vault/read_secret'] }, then: { classes: ['write'] }, action: 'deny' },
    ]),
  );

  test('a rule applies once the session has done what `after` names, and only in that session', () => {
    const taints = new SessionTaints();
    expect(taints.find('a', rules, 'mail', 'send_email', 'write')).toBeUndefined();
    taints.note('a', { server: 'web', tool: 'fetch', riskClass: 'read', openWorldRead: true, at: AT });
    const hit = taints.find('a', rules, 'mail', 'send_email', 'write');
    expect(hit).toMatchObject({ index: 0, mark: { tool: 'fetch', server: 'web' } });
    expect(describeTaint(hit!)).toBe("This session read web content. (this session called 'fetch' on 'web' at 10:02:11 UTC; rule taint[0])");
    expect(taints.find('b', rules, 'mail', 'send_email', 'write')).toBeUndefined();
    // `then` names what is restricted: another tool of the same session is not.
    expect(taints.find('a', rules, 'mail', 'list_inbox', 'read')).toBeUndefined();
  });

  test('server-qualified names match that server only; classes match any tool of the class', () => {
    const taints = new SessionTaints();
    taints.note('a', { server: 'notes', tool: 'read_secret', riskClass: 'read', openWorldRead: false, at: AT });
    expect(taints.find('a', rules, 'crm', 'update_contact', 'write')).toBeUndefined();
    taints.note('a', { server: 'vault', tool: 'read_secret', riskClass: 'read', openWorldRead: false, at: AT });
    expect(taints.find('a', rules, 'crm', 'update_contact', 'write')).toMatchObject({ index: 1, mark: { server: 'vault' } });
  });

  test('the first time per tool is kept; memory per session is bounded; ending the session forgets it', () => {
    const taints = new SessionTaints();
    taints.note('a', { server: 'web', tool: 'fetch', openWorldRead: true, at: AT });
    taints.note('a', { server: 'web', tool: 'fetch', openWorldRead: true, at: AT + 60_000 });
    expect(taints.of('a')).toHaveLength(1);
    expect(taints.of('a')[0]!.at).toBe(AT);
    for (let i = 0; i < MAX_MARKS_PER_SESSION + 10; i++) taints.note('a', { server: 's', tool: `t${i}`, openWorldRead: false, at: AT });
    expect(taints.of('a')).toHaveLength(MAX_MARKS_PER_SESSION);
    taints.end('a');
    expect(taints.of('a')).toEqual([]);
  });

  test('a policy without taint rules compiles to nothing, and compiles once per document', () => {
    expect(taintRulesOf({ version: '1', default: 'deny' })).toHaveLength(0);
    const doc = policy([{ after: { open_world_read: true }, then: { tools: ['x'] }, action: 'deny' }]);
    expect(taintRulesOf(doc)).toBe(taintRulesOf(doc));
  });
});
