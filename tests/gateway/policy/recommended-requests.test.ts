import { describe, expect, it } from 'vitest';
import { recommendedRequestSections } from '../../../electron/gateway/policy/recommended-requests.js';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { validatePolicy } from '../../../shared/policy/validate.js';

describe('recommendedRequestSections', () => {
  it('under the recommended default (approve), allows reading resources and prompts and holds only sampling', () => {
    const result = validatePolicy({ version: '1', default: 'approve', ...recommendedRequestSections() });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([]);
    const engine = new PolicyEngine({ serverId: 's', policy: result.policy, counters: new MemoryCounterStore() });
    const action = (method: string, target?: { kind: 'resource' | 'prompt'; name: string }) => engine.decideRequest({ method, ...(target ? { target } : {}) }).action;
    expect(action('resources/read', { kind: 'resource', name: 'memory://knowledge-graph' })).toBe('allow');
    expect(action('prompts/get', { kind: 'prompt', name: 'p' })).toBe('allow');
    expect(action('completion/complete', { kind: 'prompt', name: 'p' })).toBe('allow');
    expect(['logging/setLevel', 'elicitation/create', 'roots/list'].map((m) => action(m))).toEqual(['allow', 'allow', 'allow']);
    expect(action('sampling/createMessage')).toBe('approve');
    expect(engine.isListed('resource', 'memory://knowledge-graph')).toBe(true);
  });
});
