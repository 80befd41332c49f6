import { describe, expect, it } from 'vitest';
import { describeDuration, describeWindow, windowSeconds } from '../../../shared/policy/window.js';

describe('windowSeconds', () => {
  it('reads a unit or a number of seconds', () => {
    expect(['second', 'minute', 'hour', 'day'].map((w) => windowSeconds(w as never))).toEqual([1, 60, 3600, 86_400]);
    expect(windowSeconds(90)).toBe(90);
  });
});

describe('describeWindow', () => {
  it('names a unit, else whole days, hours or minutes, else seconds', () => {
    expect([1, 60, 3600, 86_400].map(describeWindow)).toEqual(['second', 'minute', 'hour', 'day']);
    expect([172_800, 7200, 120, 90].map(describeWindow)).toEqual(['2 days', '2 hours', '2 minutes', '90 s']);
  });
});

describe('describeDuration', () => {
  it('rounds up to whole seconds, at least one', () => {
    expect([0, 0.2, 41.1, 119].map(describeDuration)).toEqual(['1 s', '1 s', '42 s', '119 s']);
  });

  it('switches to minutes from 120 s and to hours from 120 min, rounding minutes up', () => {
    expect([120, 121, 7140].map(describeDuration)).toEqual(['2 min', '3 min', '119 min']);
    expect([7200, 7500].map(describeDuration)).toEqual(['2 h', '2 h 5 min']);
  });
});
