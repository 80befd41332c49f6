// Annotations count as evidence only where the server stated them; the spec's defaults are
// assumptions, said in words so a person sees what the level rests on.
import { describe, expect, it } from 'vitest';
import { describeAssumptions, statedHints } from '../../../electron/gateway/catalog/annotation-hints.js';

describe('statedHints', () => {
  it('keeps only boolean hints the server stated', () => {
    expect(statedHints(undefined)).toEqual({});
    expect(statedHints({ readOnlyHint: false, openWorldHint: 'yes', title: 'T' } as never)).toEqual({ readOnlyHint: false });
  });

  it('drops destructive and idempotent hints on a read-only tool, as the spec says', () => {
    expect(statedHints({ readOnlyHint: true, destructiveHint: true, idempotentHint: false, openWorldHint: false }))
      .toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(statedHints({ readOnlyHint: false, destructiveHint: false, idempotentHint: true }))
      .toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
  });
});

describe('describeAssumptions', () => {
  it('names every default when nothing was stated', () => {
    expect(describeAssumptions({})).toBe('no annotations: assumed not read-only, destructive, open-world');
  });

  it('names only the hints left unsaid, with the default assumed for each', () => {
    expect(describeAssumptions({ readOnlyHint: false, destructiveHint: false })).toBe(
      'annotations do not say idempotentHint, openWorldHint: assumed idempotentHint: false, openWorldHint: true',
    );
  });

  it('for a read-only tool asks only about the open world, and says nothing when that is stated too', () => {
    expect(describeAssumptions({ readOnlyHint: true })).toBe('annotations do not say openWorldHint: assumed openWorldHint: true');
    expect(describeAssumptions({ readOnlyHint: true, openWorldHint: false })).toBeUndefined();
    expect(describeAssumptions({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true })).toBeUndefined();
  });
});
