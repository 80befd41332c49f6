import { afterEach, expect, it, vi } from 'vitest';
import { printTable } from '../../electron/cli/output.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it('printTable shows control characters in cells instead of sending them to the terminal', () => {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  printTable([['\u001b[31mdelete_all\u001b[0m', 'pending'], ['ok\nforged row', 'x']], ['TOOL', 'STATE']);
  const out = written.join('');
  expect(out).not.toContain('\u001b');
  expect(out).toContain('\\x1b[31mdelete_all\\x1b[0m');
  expect(out.split('\n').filter(Boolean)).toHaveLength(3);
});
