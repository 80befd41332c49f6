import { describe, expect, it } from 'vitest';
import { formatDocPath, parseDocPath } from '../../../../renderer/src/lib/policy/doc-path.js';
import { parseLooseValue, parseNumberField, showLooseValue, issuesAt } from '../../../../renderer/src/lib/policy/issues.js';
import { locateJsonPath } from '../../../../renderer/src/lib/policy/json-locate.js';
import { lintPolicy, offsetOf } from '../../../../renderer/src/lib/policy/lint-policy.js';

const TEXT = `{
  "version": "1",
  "default": "deny",
  "tools": {
    "odoo.read": {},
    "run": { "limits": [{ "counter": "c", "window": "minutes", "max": 5, "scope": "grant" }] }
  }
}
`;

describe('JSON paths in policy text', () => {
  it('formats and parses validator paths', () => {
    const path = ['tools', 'odoo.read', 'limits', 0, 'window'];
    expect(formatDocPath(path)).toBe('tools["odoo.read"].limits[0].window');
    expect(parseDocPath('tools["odoo.read"].limits[0].window')).toEqual(path);
    expect(parseDocPath('')).toEqual([]);
  });

  it('finds the key and value a path names, or its nearest parent', () => {
    const at = (path: (string | number)[]) => {
      const r = locateJsonPath(TEXT, path);
      return TEXT.slice(r.from, r.to);
    };
    expect(at(['default'])).toBe('"default": "deny"');
    expect(at(['tools', 'odoo.read'])).toBe('"odoo.read": {}');
    expect(at(['tools', 'run', 'limits', 0, 'window'])).toBe('"window": "minutes"');
    expect(at(['tools', 'run', 'limits', 0])).toBe('{ "counter": "c", "window": "minutes", "max": 5, "scope": "grant" }');
    expect(at(['tools', 'missing', 'x'])).toBe('"tools": {');
  });

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

  it('reads builder field values', () => {
    expect(['10', '"10"', '["a","b"]', 'plain text', '', 'true'].map(parseLooseValue)).toEqual([10, '10', ['a', 'b'], 'plain text', undefined, true]);
    expect([10, '10', 'plain text', ['a'], undefined].map(showLooseValue)).toEqual(['10', '"10"', 'plain text', '["a"]', '']);
    expect(['5', '', '5x'].map(parseNumberField)).toEqual([5, undefined, '5x']);
    const issues = [
      { path: 'tools.x', message: 'a' },
      { path: 'tools.x.limits[0].max', message: 'b' },
      { path: 'tools.xy', message: 'c' },
    ];
    expect(issuesAt(issues, 'tools.x').map((i) => i.message)).toEqual(['a']);
    expect(issuesAt(issues, 'tools.x', true).map((i) => i.message)).toEqual(['a', 'b']);
  });
});
