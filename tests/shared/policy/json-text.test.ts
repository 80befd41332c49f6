import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../../shared/policy/json-text.js';

describe('parseJsonText', () => {
  it('reads the same values as JSON.parse', () => {
    const text = '\uFEFF{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"", {}], "b": {"c": []}, "__proto__": 1}';
    const result = parseJsonText(text);
    expect(result).toEqual({ ok: true, value: JSON.parse(text.slice(1)) });
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
  });

  it.each([
    ['{"a": 1,}', 1, 9, /trailing commas/],
    ['{"a": 1\n "b": 2}', 2, 2, /expected ',' or '}' after the value of "a"/],
    ["{'a': 1}", 1, 2, /double quotes/],
    ['[1, 2', 1, 6, /expected ',' or ']' in a list, got end of file/],
    ['{"a": "open\n"}', 1, 12, /not closed before the end of the line/],
    ['{"a": 01}', 1, 8, /expected ',' or '}'/],
    ['{} x', 1, 4, /after the end of the document/],
    ['{"a": {"b": 1, "b": 2}}', 1, 16, /duplicate key 'a.b'/],
  ])('reports %j at line %i, column %i', (text, line, column, message) => {
    const result = parseJsonText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ line, column });
    expect(result.problem.message).toMatch(message);
  });
});
