import { describe, expect, it } from 'vitest';
import { childPath, describeValue, showValue } from '../../../shared/policy/json-path.js';

describe('childPath', () => {
  it('joins plain keys with dots, indexes with brackets, and starts at the root without a dot', () => {
    expect(childPath('', 'tools')).toBe('tools');
    expect(childPath('tools', 'ai_pipeline_run')).toBe('tools.ai_pipeline_run');
    expect(childPath('tools.x.limits', 0)).toBe('tools.x.limits[0]');
    expect(childPath('hide', 'delete_*')).toBe('hide.delete_*');
  });

  it('quotes keys that are not plain words', () => {
    expect(childPath('tools', 'odoo.read')).toBe('tools["odoo.read"]');
    expect(childPath('resources.rules', 'memory://knowledge-graph')).toBe('resources.rules["memory://knowledge-graph"]');
    expect(childPath('', 'a b')).toBe('["a b"]');
  });
});

describe('describeValue', () => {
  it('names each kind of value as a message reads it', () => {
    expect([undefined, null, 'minutes', 0, true, [1], { a: 1 }].map(describeValue)).toEqual(['nothing', 'null', "'minutes'", '0', 'true', 'a list', 'an object']);
  });

  it('cuts long strings to 60 characters', () => {
    const text = describeValue('x'.repeat(61));
    expect(text).toBe(`'${'x'.repeat(57)}...'`);
    expect(describeValue('y'.repeat(60))).toBe(`'${'y'.repeat(60)}'`);
  });
});

describe('showValue', () => {
  it('is short JSON, cut to 80 characters', () => {
    expect(showValue(['tokenize', 'refresh'])).toBe('["tokenize","refresh"]');
    expect(showValue(undefined)).toBe('nothing');
    const long = showValue('z'.repeat(100));
    expect(long).toHaveLength(80);
    expect(long.endsWith('...')).toBe(true);
  });
});
