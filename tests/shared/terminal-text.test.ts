import { expect, it } from 'vitest';
import { terminalSafe } from '../../shared/terminal-text.js';

it('escapes ANSI sequences, other control characters and bidi overrides; leaves plain text alone', () => {
  expect(terminalSafe('read_file')).toBe('read_file');
  expect(terminalSafe('naïve – 東京')).toBe('naïve – 東京');
  expect(terminalSafe('\u001b[2J\u001b]0;pwned\u0007tool')).toBe('\\x1b[2J\\x1b]0;pwned\\x07tool');
  expect(terminalSafe('a\r\nb\tc\u007f\u009b')).toBe('a\\r\\nb\\tc\\x7f\\x9b');
  expect(terminalSafe('evil\u202Etxt.exe')).toBe('evil\\u{202e}txt.exe');
});
