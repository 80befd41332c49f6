import { describe, expect, it } from 'vitest';
import { joinCommandLine, splitCommandLine } from '../../../renderer/src/lib/command-line.js';

describe('command lines', () => {
  it('splits like a shell for the usual cases', () => {
    expect(splitCommandLine('npx -y @scope/server --root "My Files"')).toEqual(['npx', '-y', '@scope/server', '--root', 'My Files']);
    expect(splitCommandLine(`node 'a b' c\\ d "say \\"hi\\"" ""`)).toEqual(['node', 'a b', 'c d', 'say "hi"', '']);
    expect(splitCommandLine('   ')).toEqual([]);
  });

  it('joins back to a line that splits the same', () => {
    const words = ['node', '/path with space/server.js', '--name=x', '', 'say "hi"'];
    expect(splitCommandLine(joinCommandLine(words))).toEqual(words);
  });
});
