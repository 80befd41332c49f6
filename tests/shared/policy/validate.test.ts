import { describe, expect, it } from 'vitest';
import { DEFAULT_DENY_POLICY, formatIssue, parsePolicyText, validatePolicy } from '../../../shared/policy/validate.js';
import type { PolicyIssue } from '../../../shared/policy/types.js';
import { DESIGN_EXAMPLE } from './fixtures.js';

/** The shape PolicyLayer documents for policy.json v1 (default, hide, all_tools, require/deny_if/limits, on_deny). */
const POLICYLAYER_STYLE = {
  version: '1',
  default: 'deny',
  hide: ['delete_account'],
  all_tools: { limits: [{ counter: 'all_calls', window: 'hour', max: 500, scope: 'grant' }] },
  tools: {
    list_customers: {},
    create_refund: {
      require: [{ path: 'args.reason', op: 'exists' }],
      deny_if: [{ path: 'args.amount', op: 'gt', value: 10000 }],
      limits: [{ counter: 'refund_spend', window: 'day', max: 50000, scope: 'grant', increment_from: 'args.amount' }],
      on_deny: 'Refunds over 10000 need a person',
    },
    create_charge: { require: [], deny_if: [], limits: [] },
  },
};

function paths(issues: PolicyIssue[]): string[] {
  return issues.map((issue) => issue.path);
}

function errorsOf(doc: unknown): PolicyIssue[] {
  const result = validatePolicy(doc);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.errors;
}

describe('validatePolicy', () => {
  it('accepts the DESIGN.md example without warnings', () => {
    const result = validatePolicy(DESIGN_EXAMPLE);
    expect(result).toEqual({ ok: true, policy: DESIGN_EXAMPLE, warnings: [] });
  });

  it('accepts a PolicyLayer-style policy unchanged', () => {
    const result = validatePolicy(POLICYLAYER_STYLE);
    expect(result.ok).toBe(true);
  });

  it('accepts the default-deny policy', () => {
    expect(validatePolicy(DEFAULT_DENY_POLICY).ok).toBe(true);
    expect(DEFAULT_DENY_POLICY.default).toBe('deny');
  });

  it('names the path and the allowed values for a bad window', () => {
    const doc = structuredClone(DESIGN_EXAMPLE);
    (doc.tools.ai_pipeline_run.limits[0] as { window: unknown }).window = 'minutes';
    expect(errorsOf(doc)).toEqual([
      {
        path: 'tools.ai_pipeline_run.limits[0].window',
        message: "expected second, minute, hour, day or a number of seconds, got 'minutes' (did you mean 'minute'?)",
      },
    ]);
  });

  it('reports every problem of a document at once, each with its path', () => {
    const errors = errorsOf({
      version: 1,
      default: 'block',
      hide: ['ok_*', 'bad glob', 'x?'],
      all_tools: { limits: [{ counter: '', window: 0, max: -1, scope: 'user' }] },
      tools: {
        'odoo_**': {},
        a: {
          action: 'alow',
          limit: [],
          rate_limit: { max: 0, window: 'hour' },
          require: [
            { path: 'amount', op: 'eq', value: 1 },
            { path: 'args.x', op: 'equals', value: 1 },
            { path: 'args.y', op: 'regex', value: '(unclosed' },
            { path: 'args.z', op: 'in', value: 'abc' },
            { path: 'args.w', op: 'eq' },
          ],
          deny_if: [{ path: 'args.amount', op: 'gt', value: { n: 1 } }],
          approval: { timeout_s: 0 },
        },
      },
      risk: { destructiv: {}, read: { validate_schema: 'yes' } },
      tool: {},
    });
    expect(paths(errors)).toEqual([
      'tool',
      'version',
      'default',
      'hide[1]',
      'hide[2]',
      'all_tools.limits[0].counter',
      'all_tools.limits[0].window',
      'all_tools.limits[0].max',
      'all_tools.limits[0].scope',
      'tools.odoo_**',
      'tools.a.limit',
      'tools.a.action',
      'tools.a.rate_limit.max',
      'tools.a.require[0].path',
      'tools.a.require[1].op',
      'tools.a.require[2].value',
      'tools.a.require[3].value',
      'tools.a.require[4].value',
      'tools.a.deny_if[0].value',
      'tools.a.approval.timeout_s',
      'risk.destructiv',
      'risk.read.validate_schema',
    ]);
    const byPath = new Map(errors.map((e) => [e.path, e.message]));
    expect(byPath.get('tool')).toMatch(/^unknown key 'tool' \(did you mean 'tools'\?\)/);
    expect(byPath.get('version')).toBe('expected "1", the only policy version there is, got 1 (write it as a string: "1")');
    expect(byPath.get('default')).toBe("expected allow, deny or approve, got 'block'");
    expect(byPath.get('hide[1]')).toBe("tool names and globs cannot contain spaces, got 'bad glob'");
    expect(byPath.get('hide[2]')).toMatch(/'\?' is not supported .* the only wildcard is \*/);
    expect(byPath.get('all_tools.limits[0].max')).toBe('expected a number greater than 0, got -1');
    expect(byPath.get('all_tools.limits[0].scope')).toBe("expected grant, session or global, got 'user'");
    expect(byPath.get('tools.odoo_**')).toMatch(/write a single \*/);
    expect(byPath.get('tools.a.limit')).toMatch(/did you mean 'limits'/);
    expect(byPath.get('tools.a.action')).toBe("expected allow, deny or approve, got 'alow' (did you mean 'allow'?)");
    expect(byPath.get('tools.a.require[0].path')).toMatch(/^expected a path into the arguments such as args.amount/);
    expect(byPath.get('tools.a.require[1].op')).toMatch(/^expected eq, neq, in, not_in, lt, lte, gt, gte, regex, contains or exists, got 'equals'/);
    expect(byPath.get('tools.a.require[2].value')).toMatch(/^invalid regular expression "\(unclosed"/);
    expect(byPath.get('tools.a.require[3].value')).toBe("op 'in' needs a list of values, got 'abc'");
    expect(byPath.get('tools.a.require[4].value')).toBe("required for op 'eq'");
    expect(byPath.get('risk.destructiv')).toMatch(/^unknown risk class 'destructiv' \(did you mean 'destructive'\?\)/);
  });

  it('requires version, default and the parts of a limit', () => {
    expect(paths(errorsOf({ tools: {} }))).toEqual(['version', 'default']);
    expect(paths(errorsOf({ version: '1', default: 'allow', all_tools: { limits: [{ counter: 'c' }] } }))).toEqual([
      'all_tools.limits[0].window',
      'all_tools.limits[0].max',
    ]);
  });

  it('refuses non-objects with a plain message', () => {
    expect(errorsOf([])).toEqual([{ path: '', message: expect.stringMatching(/^expected a policy object .* got a list$/) as string }]);
    expect(paths(errorsOf({ version: '1', default: 'deny', tools: { a: 'allow' } }))).toEqual(['tools.a']);
    expect(paths(errorsOf({ version: '1', default: 'deny', hide: 'delete_*' }))).toEqual(['hide']);
  });

  it('needs whole numbers for call counts but not for amounts', () => {
    expect(paths(errorsOf({ version: '1', default: 'allow', all_tools: { limits: [{ counter: 'c', window: 60, max: 2.5, scope: 'global' }] } }))).toEqual([
      'all_tools.limits[0].max',
    ]);
    const spend = { version: '1', default: 'allow', all_tools: { limits: [{ counter: 'c', window: 60, max: 2.5, scope: 'global', increment_from: 'args.cost' }] } };
    expect(validatePolicy(spend).ok).toBe(true);
  });

  it('refuses limits on one counter that count different things for the same call', () => {
    const errors = errorsOf({
      version: '1',
      default: 'allow',
      all_tools: { limits: [{ counter: 'spend', window: 'day', max: 100, scope: 'grant', increment_from: 'args.amount' }] },
      tools: { pay: { limits: [{ counter: 'spend', window: 'hour', max: 10, scope: 'grant' }] } },
    });
    expect(errors).toEqual([
      { path: 'tools.pay.limits[0]', message: expect.stringContaining("counter 'spend' counts calls here but args.amount in all_tools.limits[0]") as string },
    ]);
  });

  it('uses bracket paths for keys that are not plain words', () => {
    expect(paths(errorsOf({ version: '1', default: 'deny', tools: { 'odoo.read': { action: 'nope' } } }))).toEqual(['tools["odoo.read"].action']);
  });

  it('warns about settings that do nothing', () => {
    const result = validatePolicy({
      version: '1',
      default: 'deny',
      hide: ['secret_*'],
      tools: {
        a: { approval: { timeout_s: 5 } },
        b: { reason: 'x', on_deny: 'y' },
        secret_tool: {},
        c: { action: 'deny', require: [{ path: 'args.x', op: 'exists' }] },
      },
    });
    expect(result.ok).toBe(true);
    expect(paths(result.warnings)).toEqual(['tools.a.approval', 'tools.b.on_deny', 'tools.secret_tool', 'tools.c.require']);
  });

  it('accepts every operator with a fitting value, regex inline (?i), numeric windows and scopes', () => {
    const ops = [
      { path: 'args.a', op: 'eq', value: null },
      { path: 'args.a', op: 'neq', value: { x: 1 } },
      { path: 'args.a', op: 'in', value: [1, 'two'] },
      { path: 'args.a', op: 'not_in', value: [] },
      { path: 'args.a', op: 'lt', value: 5 },
      { path: 'args.a', op: 'lte', value: '2026-01-01' },
      { path: 'args.a', op: 'gt', value: 0 },
      { path: 'args.a', op: 'gte', value: 0.5 },
      { path: 'args["a.b"].c[3]', op: 'regex', value: '(?i)^prod' },
      { path: 'args.a', op: 'contains', value: 'x' },
      { path: 'args.a', op: 'exists', value: false },
    ];
    const doc = { version: '1', default: 'allow', validate_schema: true, redact: ['api_key'], tools: { t: { require: ops, rate_limit: { max: 3, window: 90, scope: 'session' } } } };
    expect(validatePolicy(doc)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('parsePolicyText', () => {
  it('reports a JSON syntax error with its line and column', () => {
    const result = parsePolicyText('{\n  "version": "1",\n  "default": deny\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ path: '', line: 3, column: 14, message: "not valid JSON at line 3, column 14: expected a value, got 'd'" }]);
  });

  it('names trailing commas and duplicate keys (JSON.parse would silently keep the last rule)', () => {
    const trailing = parsePolicyText('{"version": "1", "default": "deny",\n}');
    expect(!trailing.ok && trailing.errors[0]?.message).toMatch(/line 2, column 1: .*trailing commas/);
    const duplicate = parsePolicyText('{"version": "1", "default": "deny", "tools": {\n "a": {},\n "a": {"action": "deny"}}}');
    expect(!duplicate.ok && duplicate.errors[0]).toMatchObject({ line: 3, column: 2, message: expect.stringContaining("duplicate key 'tools.a'") as string });
  });

  it('parses and validates a good file', () => {
    const result = parsePolicyText(JSON.stringify(DESIGN_EXAMPLE, null, 2));
    expect(result).toMatchObject({ ok: true, policy: DESIGN_EXAMPLE });
  });

  it('formats issues as the CLI prints them', () => {
    expect(formatIssue({ path: 'tools.a', message: 'bad' })).toBe('tools.a: bad');
    expect(formatIssue({ path: '', message: 'bad' })).toBe('(document): bad');
  });
});

describe('approval.via', () => {
  it('accepts client and tray, each once', () => {
    const result = validatePolicy({ version: '1', default: 'deny', tools: { t: { action: 'approve', approval: { timeout_s: 50, via: ['client', 'tray'] } } } });
    expect(result.ok).toBe(true);
  });

  it('refuses anything else with the JSON path of each problem', () => {
    const errors = errorsOf({
      version: '1',
      default: 'deny',
      tools: {
        a: { action: 'approve', approval: { via: [] } },
        b: { action: 'approve', approval: { via: ['client', 'slack', 'client'] } },
        c: { action: 'approve', approval: { via: 'client' } },
      },
      sampling: { action: 'approve', approval: { via: ['client'] } },
    });
    expect(paths(errors)).toEqual(['tools.a.approval.via', 'tools.b.approval.via[1]', 'tools.b.approval.via[2]', 'tools.c.approval.via', 'sampling.approval.via']);
    const byPath = new Map(errors.map((e) => [e.path, e.message]));
    expect(byPath.get('tools.a.approval.via')).toBe('expected a non-empty list of client or tray, like ["client", "tray"], got an empty list');
    expect(byPath.get('tools.b.approval.via[1]')).toBe("expected client or tray, got 'slack'");
    expect(byPath.get('tools.b.approval.via[2]')).toBe("'client' is listed twice");
  });
});
