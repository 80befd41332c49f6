import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../shared/policy/validate.js';

function problems(doc: unknown) {
  const result = validatePolicy(doc);
  return { errors: result.ok ? [] : result.errors, warnings: result.warnings };
}

describe('the request sections', () => {
  it('accepts every section, with rules as objects and one-rule sections as strings', () => {
    const result = validatePolicy({
      version: '1',
      default: 'deny',
      all_tools: { limits: [], reason: 'Server-wide cap' },
      resources: { default: 'allow', hide: ['secret://*'], rules: { 'memory://knowledge-graph': { action: 'deny', reason: 'no' }, 'file:///a?b=[1]': {} } },
      prompts: { rules: { 'simple-*': { action: 'approve', approval: { timeout_s: 30 } } } },
      completion: 'allow',
      logging: { action: 'allow' },
      sampling: { action: 'approve', on_deny: 'Not without a person' },
      elicitation: 'deny',
      roots: {},
    });
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('gives every problem with its JSON path', () => {
    const { errors } = problems({
      version: '1',
      default: 'deny',
      all_tools: { reason: 3 },
      resources: { default: 'maybe', hide: [''], rules: { 'memory://x': { action: 'alow', limits: [] } }, extra: 1 },
      prompts: { rules: { 'bad name': {} } },
      sampling: 'yes',
      roots: { approval: { timeout_s: -1 } },
      ping: 'allow',
    });
    expect(errors.map((e) => e.path)).toEqual([
      'ping',
      'all_tools.reason',
      'resources.extra',
      'resources.default',
      'resources.hide[0]',
      'resources.rules["memory://x"].limits',
      'resources.rules["memory://x"].action',
      'prompts.rules["bad name"]',
      'sampling',
      'roots.approval.timeout_s',
    ]);
    expect(errors.find((e) => e.path === 'resources.rules["memory://x"].action')?.message).toBe("expected allow, deny or approve, got 'alow' (did you mean 'allow'?)");
    expect(errors.find((e) => e.path === 'resources.rules["memory://x"].limits')?.message).toMatch(/^unknown key 'limits'; allowed here: action, reason, on_deny, approval, mode$/);
    expect(errors.find((e) => e.path === 'sampling')?.message).toBe("expected allow, deny or approve, got 'yes'");
  });

  it('warns about approval settings that never apply', () => {
    const { warnings } = problems({ version: '1', default: 'deny', sampling: { action: 'deny', approval: { timeout_s: 5 } } });
    expect(warnings).toEqual([{ path: 'sampling.approval', message: 'ignored: approval applies only when action is approve' }]);
  });

  it('refuses a section of the wrong shape', () => {
    const { errors } = problems({ version: '1', default: 'deny', resources: ['memory://x'], prompts: { rules: [] } });
    expect(errors.map((e) => e.path)).toEqual(['resources', 'prompts.rules']);
  });
});
