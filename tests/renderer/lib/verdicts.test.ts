// How verdicts look: every verdict the log can hold has a label, a tone and an icon; a call in
// flight shows as such; each decision filter is one the call filter understands.
import { describe, expect, it } from 'vitest';
import { CALL_DECISIONS, CALL_VERDICTS, matchesCallFilter, type CallRecord } from '../../../shared/calls.js';
import type { CallRow } from '../../../renderer/src/lib/call-rows.js';
import { DECISION_FILTERS, VERDICT_STYLES, rowVerdict } from '../../../renderer/src/lib/verdicts.js';

const record = (over: Partial<CallRecord>): CallRecord => ({
  id: '1', time: '2026-01-01T00:00:00Z', server: 's', grant: 'g', session: 'x', tool: 't', decision: 'allow', upstream: 'ok', latency: { gatewayMs: 0, upstreamMs: 0, totalMs: 0 }, ...over,
});

describe('verdict styles', () => {
  it('styles every verdict and the in-flight state, each label distinct', () => {
    expect(Object.keys(VERDICT_STYLES).sort()).toEqual([...CALL_VERDICTS, 'in-flight'].sort());
    const labels = Object.values(VERDICT_STYLES).map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(VERDICT_STYLES.denied).toEqual({ label: 'Denied', tone: 'deny', icon: 'block' });
  });

  it('a row still in flight is in-flight; a finished one is its verdict', () => {
    expect(rowVerdict({ ...record({}), pending: true } as CallRow)).toBe('in-flight');
    expect(rowVerdict(record({ decision: 'rate-limit' }))).toBe('rate-limited');
    expect(rowVerdict(record({ decision: 'approve', approval: { outcome: 'timeout' } as CallRecord['approval'] }))).toBe('approval-timeout');
  });
});

describe('decision filters', () => {
  it('each value is a decision or a verdict, and picks the records its label names', () => {
    for (const { value } of DECISION_FILTERS) expect([...CALL_DECISIONS, ...CALL_VERDICTS]).toContain(value);
    const held = record({ decision: 'approve', approval: { outcome: 'denied' } as CallRecord['approval'] });
    const matching = (value: string) => [record({}), record({ decision: 'deny' }), held].filter((r) => matchesCallFilter(r, { decision: value as never })).map((r) => r.decision);
    expect(matching('approve')).toEqual(['approve']);
    expect(matching('approval-denied')).toEqual(['approve']);
    expect(matching('denied')).toEqual(['deny']);
    expect(matching('allowed')).toEqual(['allow']);
  });
});
