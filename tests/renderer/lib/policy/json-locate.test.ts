// Where a path sits in a policy's text, for underlining an error under its key: the key and value
// of a member, the value of a list element, cut to one line; the nearest parent when the path is
// missing; still found in text that does not parse.
import { describe, expect, it } from 'vitest';
import { locateJsonPath } from '../../../../renderer/src/lib/policy/json-locate.js';
import { POLICY_TEXT } from './policy-text.js';

const TEXT = POLICY_TEXT;

const at = (text: string, path: (string | number)[]) => {
  const r = locateJsonPath(text, path);
  return text.slice(r.from, r.to);
};

describe('locateJsonPath', () => {
  it('finds the key and value a path names, or its nearest parent', () => {
    expect(at(TEXT, ['default'])).toBe('"default": "deny"');
    expect(at(TEXT, ['tools', 'odoo.read'])).toBe('"odoo.read": {}');
    expect(at(TEXT, ['tools', 'run', 'limits', 0, 'window'])).toBe('"window": "minutes"');
    expect(at(TEXT, ['tools', 'run', 'limits', 0])).toBe('{ "counter": "c", "window": "minutes", "max": 5, "scope": "grant" }');
    expect(at(TEXT, ['tools', 'missing', 'x'])).toBe('"tools": {');
  });

  it('an element past the end, or a key inside a value that is not an object, stops at the nearest parent', () => {
    expect(at(TEXT, ['tools', 'run', 'limits', 4])).toBe('"limits": [{ "counter": "c", "window": "minutes", "max": 5, "scope": "grant" }]');
    expect(at(TEXT, ['default', 'x'])).toBe('"default": "deny"');
    expect(at(TEXT, [])).toBe('{');
  });

  it('finds keys in text that does not parse (the error being drawn may be that)', () => {
    const broken = '{\n  "version": "1",\n  "default": "deny",,\n  "tools": { "x": { "action": "nope" } }\n';
    expect(at(broken, ['tools', 'x', 'action'])).toBe('"action": "nope"');
  });

  it('empty text: the first character at most', () => {
    expect(locateJsonPath('', ['a'])).toEqual({ from: 0, to: 0 });
    expect(locateJsonPath('   ', ['a'])).toEqual({ from: 0, to: 1 });
  });
});
