// A shadow rule's would-be decision as the call log records it.
import { describe, expect, it } from 'vitest';
import { shadowRecord } from '../../../electron/gateway/gate/shadow-record.js';

describe('shadowRecord', () => {
  it('is undefined when no shadow rule spoke', () => {
    expect(shadowRecord(undefined)).toBeUndefined();
  });

  it("logs 'hidden' as 'hide' and keeps other actions as they are", () => {
    expect(shadowRecord({ action: 'hidden', rule: 'tools.x' })).toEqual({ decision: 'hide', rule: 'tools.x' });
    expect(shadowRecord({ action: 'deny', rule: 'tools.x' })).toEqual({ decision: 'deny', rule: 'tools.x' });
  });

  it('names the part of the rule that decided (causePath) over the rule, and keeps the detail', () => {
    expect(shadowRecord({ action: 'deny', rule: 'tools.x', causePath: 'tools.x.limits[0]', detail: '3 calls a minute' })).toEqual({
      decision: 'deny',
      rule: 'tools.x.limits[0]',
      detail: '3 calls a minute',
    });
  });
});
