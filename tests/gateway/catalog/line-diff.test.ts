// The line diff shown for a changed description or schema: an LCS alignment for tool-sized
// text, and past the cell budget a plain "old removed, new added" that still loses no line.
import { describe, expect, it } from 'vitest';
import { diffLines, formatDiffLines } from '../../../electron/gateway/catalog/line-diff.js';

describe('diffLines', () => {
  it('diffs lines', () => {
    const lines = diffLines('one\ntwo\nthree', 'one\n2\nthree\nfour');
    expect(formatDiffLines(lines)).toBe('  one\n- two\n+ 2\n  three\n+ four');
    expect(diffLines('', 'a')).toEqual([{ op: 'added', text: 'a' }]);
  });

  it('treats empty text as no lines, and equal text as all same', () => {
    expect(diffLines('', '')).toEqual([]);
    expect(diffLines('a', '')).toEqual([{ op: 'removed', text: 'a' }]);
    expect(diffLines('a\nb', 'a\nb')).toEqual([{ op: 'same', text: 'a' }, { op: 'same', text: 'b' }]);
  });

  it('keeps the longest common run of lines and shows only what moved around it', () => {
    const lines = diffLines('x\na\nb\nc', 'a\nb\nc\ny');
    expect(lines).toEqual([
      { op: 'removed', text: 'x' },
      { op: 'same', text: 'a' },
      { op: 'same', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'y' },
    ]);
  });

  it('past the cell budget, gives up aligning: every old line removed, every new one added', () => {
    const before = Array.from({ length: 2100 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 2100 }, (_, i) => (i === 0 ? 'old 0' : `new ${i}`)).join('\n');
    const lines = diffLines(before, after);
    expect(lines).toHaveLength(4200);
    expect(lines[0]).toEqual({ op: 'removed', text: 'old 0' });
    expect(lines[2100]).toEqual({ op: 'added', text: 'old 0' });
    expect(lines.some((l) => l.op === 'same')).toBe(false);
  });
});
