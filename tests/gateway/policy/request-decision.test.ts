import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import type { RequestDecision } from '../../../electron/gateway/policy/request-decision.js';
import { DEFAULT_DENY_POLICY, validatePolicy } from '../../../shared/policy/validate.js';

function engineFor(doc: unknown, serverId = 'srv'): PolicyEngine {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return new PolicyEngine({ serverId, policy: result.policy, counters: new MemoryCounterStore() });
}

const resource = (name: string) => ({ kind: 'resource' as const, name });
const prompt = (name: string) => ({ kind: 'prompt' as const, name });

function message(decision: RequestDecision): string {
  if (decision.action !== 'deny' && decision.action !== 'hidden') throw new Error(`expected a denial, got ${decision.action}`);
  return decision.message;
}

describe('decideRequest', () => {
  const engine = engineFor({
    version: '1',
    default: 'deny',
    resources: {
      default: 'allow',
      hide: ['secret://*'],
      rules: { 'memory://knowledge-graph': { action: 'deny', reason: 'Tools only' }, 'file:///*': { action: 'approve', approval: { timeout_s: 30 } } },
    },
    prompts: { rules: { 'simple-*': {} } },
    completion: 'allow',
    sampling: { action: 'deny', on_deny: 'Not your model' },
    elicitation: 'approve',
  });

  it('a resource takes its rule: exact, then glob, then the section default', () => {
    expect(message(engine.decideRequest({ method: 'resources/read', target: resource('memory://knowledge-graph') }))).toBe(
      'Portcullis denied resources/read of \'memory://knowledge-graph\': its rule denies this resource. Rule: resources.rules["memory://knowledge-graph"]. Tools only',
    );
    const held = engine.decideRequest({ method: 'resources/subscribe', target: resource('file:///etc/hosts') });
    expect(held).toMatchObject({ action: 'approve', timeoutSeconds: 30, tool: 'resources/subscribe file:///etc/hosts', record: { rule: 'resources.rules["file:///*"]' } });
    expect(engine.decideRequest({ method: 'resources/read', target: resource('demo://x') })).toMatchObject({ action: 'allow', record: { rule: 'resources.default' } });
  });

  it('a hidden resource is not available, named by its hide entry', () => {
    const hidden = engine.decideRequest({ method: 'resources/read', target: resource('secret://key') });
    expect(hidden).toMatchObject({ action: 'hidden', message: "resource not available: 'secret://key'", record: { rule: 'resources.hide[0]', cause: 'hidden' } });
  });

  it('a prompt falls back to the document default when its section has none', () => {
    expect(engine.decideRequest({ method: 'prompts/get', target: prompt('simple-prompt') }).action).toBe('allow');
    const denied = engine.decideRequest({ method: 'prompts/get', target: prompt('other'), calledAs: 'srv__other' });
    expect(message(denied)).toBe("Portcullis denied prompts/get of 'srv__other': no rule allows this prompt (default: deny). Rule: default.");
    expect(denied.action === 'deny' && denied.record).toMatchObject({ rule: 'default', cause: 'default' });
  });

  it('completion needs its own rule and the rule of what it completes', () => {
    expect(engine.decideRequest({ method: 'completion/complete', target: prompt('simple-prompt') }).action).toBe('allow');
    expect(message(engine.decideRequest({ method: 'completion/complete', target: prompt('other') }))).toMatch(/no rule allows this prompt/);
    expect(engine.decideRequest({ method: 'completion/complete', target: resource('file:///a') }).action).toBe('approve');
    const strict = engineFor({ version: '1', default: 'allow', completion: 'deny' });
    expect(message(strict.decideRequest({ method: 'completion/complete', target: prompt('p') }))).toBe(
      'Portcullis denied completion/complete of \'p\': its rule denies completion requests. Rule: completion.',
    );
  });

  it('sampling, elicitation, roots and logging take their sections; absent ones the document default', () => {
    expect(message(engine.decideRequest({ method: 'sampling/createMessage' }))).toBe(
      'Portcullis denied sampling/createMessage: its rule denies sampling requests. Rule: sampling. Not your model',
    );
    expect(engine.decideRequest({ method: 'elicitation/create' })).toMatchObject({ action: 'approve', record: { rule: 'elicitation' } });
    expect(message(engine.decideRequest({ method: 'roots/list' }))).toBe('Portcullis denied roots/list: no rule allows roots requests (default: deny). Rule: default.');
    expect(engine.decideRequest({ method: 'logging/setLevel' }).action).toBe('deny');
  });

  it('a method the format does not name takes the document default; ping and resources/unsubscribe stay open', () => {
    expect(message(engine.decideRequest({ method: 'tasks/result' }))).toMatch(/^Portcullis denied tasks\/result: no rule allows this request \(default: deny\)/);
    expect(engineFor({ version: '1', default: 'allow' }).decideRequest({ method: 'tasks/result' }).action).toBe('allow');
    expect(engine.decideRequest({ method: 'ping' })).toEqual({ action: 'open' });
    expect(engine.decideRequest({ method: 'resources/unsubscribe', target: resource('memory://knowledge-graph') })).toEqual({ action: 'open' });
  });

  it('a tools-only policy keeps its meaning for tools and applies its default to everything else', () => {
    const allow = engineFor({ version: '1', default: 'allow', tools: { x: { action: 'deny' } } });
    for (const method of ['resources/read', 'prompts/get', 'completion/complete', 'logging/setLevel', 'sampling/createMessage', 'elicitation/create', 'roots/list']) {
      expect(allow.decideRequest({ method }).action).toBe('allow');
    }
  });

  it('with no policy file every request is denied, saying so', () => {
    const none = new PolicyEngine({ serverId: 'everything', policy: DEFAULT_DENY_POLICY, counters: new MemoryCounterStore() });
    for (const method of ['resources/read', 'prompts/get', 'completion/complete', 'logging/setLevel', 'sampling/createMessage', 'elicitation/create', 'roots/list']) {
      expect(message(none.decideRequest({ method }))).toMatch(/server 'everything' has no policy file yet, so every request is denied\. Rule: default\.$/);
    }
  });
});

describe('lists and notifications', () => {
  it('explicit beats silent: a resource or prompt a rule names stays listed even when denied', () => {
    const engine = engineFor({
      version: '1',
      default: 'deny',
      resources: { hide: ['memory://hidden'], rules: { 'memory://knowledge-graph': { action: 'deny', reason: 'Tools only' }, 'memory://hidden': {} } },
      prompts: { default: 'deny', rules: { listed: { action: 'deny' } } },
    });
    expect(engine.isListed('resource', 'memory://knowledge-graph')).toBe(true);
    expect(engine.isListed('resource', 'memory://other')).toBe(false);
    expect(engine.isListed('resource', 'memory://hidden')).toBe(false);
    expect(engine.isListed('prompt', 'listed')).toBe(true);
    expect(engine.isListed('prompt', 'unlisted')).toBe(false);
    const allow = engineFor({ version: '1', default: 'deny', resources: { default: 'allow' } });
    expect(allow.isListed('resource', 'demo://resource/dynamic/text/{resourceId}')).toBe(true);
  });

  it('resource updates pass only for URIs the session may read; log messages only when logging is not denied', () => {
    const engine = engineFor({ version: '1', default: 'allow', resources: { hide: ['h://*'], rules: { 'd://x': { action: 'deny' }, 'a://x': { action: 'approve' } } }, logging: 'deny' });
    const updated = (uri: string) => engine.passesNotification('notifications/resources/updated', { uri });
    expect([updated('d://x'), updated('h://y'), updated('a://x'), updated('o://x')]).toEqual([false, false, true, true]);
    expect(engine.passesNotification('notifications/message', { level: 'info', data: 'x' })).toBe(false);
    expect(engine.passesNotification('notifications/resources/list_changed', undefined)).toBe(true);
    expect(engineFor({ version: '1', default: 'allow' }).passesNotification('notifications/message', {})).toBe(true);
  });
});
