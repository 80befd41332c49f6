// Saving text as a file: a link to a Blob of the text, with the name, clicked while it is in the
// page, then taken out; the Blob's URL is freed a while later (not at once: the download reads it).
import { resolveObjectURL } from 'node:buffer';
import { afterEach, expect, test, vi } from 'vitest';
import { downloadText } from '../../../renderer/src/lib/download.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test('downloads the text under its name and type, then frees the URL after 10 s', async () => {
  vi.useFakeTimers();
  const page: unknown[] = [];
  const clicked: { href: string; download: string; inPage: boolean }[] = [];
  const link = {
    href: '',
    download: '',
    click: () => clicked.push({ href: link.href, download: link.download, inPage: page.includes(link) }),
    remove: () => page.splice(page.indexOf(link), 1),
  };
  vi.stubGlobal('document', { createElement: (tag: string) => (tag === 'a' ? link : undefined), body: { append: (node: unknown) => page.push(node) } });

  downloadText('calls.csv', 'text/csv', 'id,tool\n1,read\n');
  expect(clicked).toEqual([{ href: link.href, download: 'calls.csv', inPage: true }]);
  expect(page).toEqual([]);
  const blob = resolveObjectURL(link.href);
  expect(blob?.type).toBe('text/csv');
  expect(await blob?.text()).toBe('id,tool\n1,read\n');

  vi.advanceTimersByTime(9_999);
  expect(resolveObjectURL(link.href)).toBeDefined();
  vi.advanceTimersByTime(1);
  expect(resolveObjectURL(link.href)).toBeUndefined();
});
