// `regex` conditions are compiled by the linear-time engine; validation (policy check, every
// save and hot reload) refuses a pattern it cannot run, at the condition's JSON path, saying why.
import { describe, expect, it } from 'vitest';
import { compileConditionRegex } from '../../../shared/policy/condition-regex.js';
import { formatIssue, parsePolicyText, validatePolicy } from '../../../shared/policy/validate.js';

describe('compileConditionRegex', () => {
  it('compiles RE2 patterns, (?i) included, and refuses what RE2 cannot run', () => {
    const insensitive = compileConditionRegex('(?i)^prod');
    expect(insensitive.ok && insensitive.regex.test('PRODUCTION')).toBe(true);
    expect(compileConditionRegex('(a)\\1')).toEqual({ ok: false, message: 'invalid regular expression "(a)\\\\1": a backreference (`\\1`), which the linear-time engine (RE2) does not support' });
  });
});

describe('validation', () => {
  it('reports each regex RE2 cannot run at its JSON path, with the reason', () => {
    const result = validatePolicy({
      version: '1',
      default: 'deny',
      all_tools: {},
      tools: {
        transfer: {
          require: [
            { path: 'args.iban', op: 'regex', value: '^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$' },
            { path: 'args.memo', op: 'regex', value: '^(?!.*password)' },
          ],
          deny_if: [{ path: 'args.to', op: 'regex', value: '(\\w+)@\\1' }],
        },
      },
      risk: { write: { deny_if: [{ path: 'args.q', op: 'regex', value: '(?<=admin)/' }] } },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map(formatIssue)).toEqual([
      'tools.transfer.require[1].value: invalid regular expression "^(?!.*password)": a lookahead (`(?!`), which the linear-time engine (RE2) does not support',
      'tools.transfer.deny_if[0].value: invalid regular expression "(\\\\w+)@\\\\1": a backreference (`\\1`), which the linear-time engine (RE2) does not support',
      'risk.write.deny_if[0].value: invalid regular expression "(?<=admin)/": a lookbehind (`(?<=`), which the linear-time engine (RE2) does not support',
    ]);
  });

  it('in the text a person saves, too', () => {
    const text = JSON.stringify({ version: '1', default: 'allow', tools: { t: { deny_if: [{ path: 'args.q', op: 'regex', value: '(?=x)' }] } } });
    const result = parsePolicyText(text);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['tools.t.deny_if[0].value']);
  });
});
