// The approval history on disk: it survives a reopen (a restart), a corrupt or torn line costs
// only that line (with a warning), and the newest snapshot of an entry wins.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApprovalHistory, HISTORY_FILE } from '../../../electron/gateway/approvals/approval-history.js';
import type { ApprovalHistoryEntry } from '../../../shared/approvals.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = makeTempDir('portcullis-history-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (id: string, extra: Partial<ApprovalHistoryEntry> = {}): ApprovalHistoryEntry => ({
  request: {
    id,
    createdAt: '2026-12-07T00:00:00.000Z',
    expiresAt: '2026-12-07T00:00:50.000Z',
    server: 'odoo',
    grant: 'agent',
    session: 's1',
    tool: 'odoo_write',
    arguments: { a: 1 },
    secretPaths: [],
    argumentsHash: 'h',
    rule: 'tools.odoo_write',
  },
  resolution: { id, outcome: 'approved', scope: 'once', by: 'web', keptUntil: '2999-01-01T00:00:00.000Z' },
  at: new Date().toISOString(),
  kept: { id, until: '2999-01-01T00:00:00.000Z', state: 'waiting' },
  ...extra,
});

test('entries and kept approvals survive a reopen; the newest snapshot of an entry wins', async () => {
  const history = await ApprovalHistory.open(dir);
  history.record(entry('apr_1'));
  history.record(entry('apr_2', { kept: undefined, resolution: { id: 'apr_2', outcome: 'timeout', reason: 'no one answered' } }));
  history.settleKept('apr_1', { state: 'used', usedAt: new Date().toISOString() });
  await history.flush();

  const reopened = await ApprovalHistory.open(dir);
  expect(reopened.list().map((e) => e.request.id)).toEqual(['apr_1', 'apr_2']); // apr_1 changed last
  expect(reopened.get('apr_1')!.kept!.state).toBe('used');
  expect(reopened.waitingKept()).toHaveLength(0);
});

test('a corrupt line and a torn last line are skipped with a warning; the rest is kept and later writes land on lines of their own', async () => {
  const file = path.join(dir, HISTORY_FILE);
  await appendFile(file, `${JSON.stringify(entry('apr_1'))}\nnot json at all\n{"request":{"id":"apr_3"`);
  const warnings: string[] = [];
  const history = await ApprovalHistory.open(dir, { onWarning: (w) => warnings.push(w) });
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toMatch(/line 2 of .*approval-history\.jsonl is not a history entry; skipped/);
  expect(history.list().map((e) => e.request.id)).toEqual(['apr_1']);

  history.record(entry('apr_4'));
  await history.flush();
  const again = await ApprovalHistory.open(dir, { onWarning: () => undefined });
  expect(again.list().map((e) => e.request.id)).toEqual(['apr_4', 'apr_1']);
  expect((await readFile(file, 'utf8')).endsWith('\n')).toBe(true);
});

test('a kept approval past its time reads expired', async () => {
  let now = Date.parse('2026-12-07T00:00:00.000Z');
  const history = ApprovalHistory.inMemory({ now: () => now });
  history.record(entry('apr_1', { kept: { id: 'apr_1', until: '2026-12-07T00:10:00.000Z', state: 'waiting' } }));
  expect(history.waitingKept()).toHaveLength(1);
  now += 10 * 60_000;
  expect(history.get('apr_1')!.kept!.state).toBe('expired');
  expect(history.waitingKept()).toHaveLength(0);
});
