import { afterEach, describe, expect, it, vi } from 'vitest';
import { StderrTail, maskSpans } from '../../../electron/gateway/upstream/stderr-tail.js';

afterEach(() => {
  vi.useRealTimers();
});

const TOKEN = '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';

describe('StderrTail', () => {
  it('masks secrets in each line as it arrives, the unfinished line included', () => {
    const tail = new StderrTail({ scan: false });
    tail.push(`auth failed for ${TOKEN}\nconnecting to postgresql://app:PgPassw0rd@db:5432/app\npassword=hun`);
    expect(tail.snapshot()).toEqual(['auth failed for ***', 'connecting to postgresql://app:***@db:5432/app', 'password=***']);
    tail.push('ter2 rest\n');
    expect(tail.snapshot()).toEqual(['auth failed for ***', 'connecting to postgresql://app:***@db:5432/app', 'password=*** rest']);
  });

  it('keeps the last lines, each cut to the line cap', () => {
    const tail = new StderrTail({ maxLines: 2, maxLineLength: 5, scan: false });
    tail.push('one\ntwo\nthree-long\n\n');
    expect(tail.snapshot()).toEqual(['two', 'three']);
  });

  it('lets a second net mask what the first missed, at most once an interval, on the lines still kept', async () => {
    vi.useFakeTimers();
    const scanned: string[] = [];
    const scan = async (text: string) => {
      scanned.push(text);
      const at = text.indexOf('acct-123');
      return at < 0 ? [] : [[at, at + 'acct-123'.length] as const];
    };
    const tail = new StderrTail({ maxLines: 3, scan, scanIntervalMs: 1000 });
    tail.push('account acct-123 locked\nsecond\n');
    tail.push('third\n');
    expect(tail.snapshot()[0]).toBe('account acct-123 locked'); // not yet: the scan waits for the interval
    await vi.advanceTimersByTimeAsync(1000);
    expect(scanned).toEqual(['account acct-123 locked\nsecond\nthird']);
    expect(tail.snapshot()).toEqual(['account *** locked', 'second', 'third']);

    tail.push('fourth acct-123\n'); // pushes 'account …' off the tail
    await vi.advanceTimersByTimeAsync(1000);
    expect(scanned).toHaveLength(2);
    expect(scanned[1]).toBe('fourth acct-123'); // only new lines are scanned
    expect(tail.snapshot()).toEqual(['second', 'third', 'fourth ***']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(scanned).toHaveLength(2); // nothing new, no scan
  });

  it('keeps the first net when the second fails', async () => {
    vi.useFakeTimers();
    const tail = new StderrTail({ scan: () => Promise.reject(new Error('boom')), scanIntervalMs: 10 });
    tail.push(`token ${TOKEN}\n`);
    await vi.advanceTimersByTimeAsync(10);
    expect(tail.snapshot()).toEqual(['token ***']);
  });
});

describe('maskSpans', () => {
  it('masks each span once, merging overlaps', () => {
    expect(maskSpans('0123456789', [[0, 2]])).toBe('***23456789');
    expect(maskSpans('0123456789', [[2, 4], [6, 8]])).toBe('01***45***89');
    expect(maskSpans('0123456789', [[0, 10], [2, 5]])).toBe('***');
    expect(maskSpans('0123456789', [[5, 8], [2, 6]])).toBe('01***89');
  });
});
