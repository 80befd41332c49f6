import { describe, expect, it } from 'vitest';
import { lintPolicy, offsetOf } from '../../../../renderer/src/lib/policy/lint-policy.js';
import { POLICY_TEXT } from './policy-text.js';

const TEXT = POLICY_TEXT;

describe('lintPolicy', () => {
  it('lints: errors under their path, syntax errors at their line', () => {
    const diagnostics = lintPolicy(TEXT);
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^tools\.run\.limits\[0\]\.window: /);
    expect(TEXT.slice(d.from, d.to)).toBe('"window": "minutes"');

    const broken = '{\n  "version": "1",\n}';
    const [syntax] = lintPolicy(broken);
    expect(syntax!.message).toContain('line 3');
    expect(syntax!.from).toBe(offsetOf(broken, 3, 1));
    expect(lintPolicy('{"version": "1", "default": "deny"}')).toEqual([]);
  });
});
