import { describe, expect, test } from 'vitest';
import { validatePolicy } from '../../../shared/policy/validate.js';

const base = { version: '1', default: 'allow' };
const errors = (taint: unknown) => {
  const result = validatePolicy({ ...base, taint });
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('taint rules', () => {
  test('a well-formed rule passes, with server-qualified names, classes and open_world_read', () => {
    const result = validatePolicy({
      ...base,
      taint: [
        { after: { open_world_read: true }, then: { tools: ['send_email'], classes: ['write'] }, action: 'approve', reason: 'read the web', approval: { timeout_s: 60 } },
        { after: { tools: ['web/fetch*', 'browse'] }, then: { classes: ['financial'] }, action: 'deny' },
      ],
    });
    expect(result.ok).toBe(true);
  });

  test('every problem has its JSON path', () => {
    expect(errors({})).toEqual([expect.stringMatching(/^taint: expected a list of rules/)]);
    expect(errors([{ after: { open_world_read: true }, then: { tools: ['x'] } }])).toEqual(['taint[0].action: required but missing']);
    expect(errors([{ after: { open_world_read: true }, then: { tools: ['x'] }, action: 'allow' }])).toEqual([expect.stringMatching(/^taint\[0\]\.action: /)]);
    expect(errors([{ after: { classes: ['reads'] }, then: { tools: ['x'] }, action: 'deny' }])).toEqual([expect.stringMatching(/^taint\[0\]\.after\.classes.*unknown risk class 'reads'/)]);
    expect(errors([{ after: { tools: ['a/b/c'] }, then: { tools: ['x'] }, action: 'deny' }])).toEqual([expect.stringMatching(/^taint\[0\]\.after\.tools.*'server\/tool'/)]);
    expect(errors([{ after: {}, then: { tools: ['x'] }, action: 'deny' }])).toEqual([expect.stringMatching(/^taint\[0\]\.after: names no call/)]);
    expect(errors([{ after: { open_world_read: true }, then: { open_world_read: true }, action: 'deny' }])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^taint\[0\]\.then\.open_world_read: /)]),
    );
    expect(errors([{ after: { open_world_read: true }, then: { tools: ['x'] }, action: 'deny', when: 'always' }])).toEqual([expect.stringMatching(/^taint\[0\]\.when: /)]);
  });

  test('an approval timeout on a denying rule is a warning: it never applies', () => {
    const result = validatePolicy({ ...base, taint: [{ after: { open_world_read: true }, then: { tools: ['x'] }, action: 'deny', approval: { timeout_s: 30 } }] });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['taint[0].approval']);
  });
});
