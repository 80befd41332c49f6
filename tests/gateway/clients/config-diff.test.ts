// The diff shown before connect/disconnect writes: unified hunks, secrets masked.
import { describe, expect, test } from 'vitest';
import { maskSecrets, unifiedDiff } from '../../../electron/gateway/clients/config-diff.js';

describe('unifiedDiff', () => {
  test('one hunk with 3 lines of context and correct line numbers', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n') + '\n';
    expect(unifiedDiff(before, after, 'x.json')).toBe(['--- x.json (before)', '+++ x.json (after)', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ''].join('\n'));
  });

  test('far-apart changes make separate hunks; empty lines and CRLF are handled', () => {
    const lines = Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? '' : `line ${i}`));
    const changed = [...lines];
    changed[2] = 'two';
    changed[25] = 'twenty-five';
    const diff = unifiedDiff(lines.join('\r\n'), changed.join('\r\n'), 'f');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -1,6 +1,6 @@');
    expect(diff).toContain('@@ -23,7 +23,7 @@');
    expect(diff).not.toContain('\r');
    expect(unifiedDiff('', '{}\n', 'new')).toContain('@@ -0,0 +1,1 @@\n+{}');
    expect(unifiedDiff('same\n', 'same\n', 'f')).toBe('');
  });

  test('an inserted empty line is shown', () => {
    expect(unifiedDiff('a\nb\n', 'a\n\nb\n', 'f')).toContain('@@ -1,2 +1,3 @@\n a\n+\n b');
  });
});

describe('maskSecrets', () => {
  test('env and header values of the given entries only', () => {
    const text = '{\n  // note\n  "mcpServers": {\n    "a": { "command": "x", "env": { "TOKEN": "s3cret", "N": "1" } },\n    "b": { "url": "u", "headers": { "Authorization": "Bearer t0k" } }\n  },\n  "env": { "KEEP": "visible" }\n}';
    const masked = maskSecrets(text, [['mcpServers', 'a'], ['mcpServers', 'b'], ['mcpServers', 'a']]);
    expect(masked).toBe(text.replace('"s3cret"', '"***"').replace('"1"', '"***"').replace('"Bearer t0k"', '"***"'));
  });
});
