// Saving text as a file: a link to a Blob of the text, with the name, clicked while it is in the
// page, then taken out; the Blob's URL is freed a while later (not at once: the download reads it).
import { afterEach, expect, test, vi } from 'vitest';
import { downloadText } from '../../../renderer/src/lib/download.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test('downloads the text under its name and type, then frees the URL after 10 s', async () => {
  vi.useFakeTimers();
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), `blob:test/${blobs.length}`));
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
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
  expect(clicked).toEqual([{ href: 'blob:test/1', download: 'calls.csv', inPage: true }]);
  expect(page).toEqual([]);
  expect(blobs[0]!.type).toBe('text/csv');
  expect(await blobs[0]!.text()).toBe('id,tool\n1,read\n');

  vi.advanceTimersByTime(9_999);
  expect(revoke).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(revoke).toHaveBeenCalledWith('blob:test/1');
});
