import { describe, expect, it } from 'vitest';
import { MASK, duplicateKeys, fromRows, parseEnvLines, toRows } from '../../../renderer/src/lib/key-values.js';

describe('env and header rows', () => {
  it('keeps masked values masked unless retyped', () => {
    const rows = toRows({ API_KEY: MASK, MODE: 'fast' });
    expect(rows).toEqual([
      { key: 'API_KEY', value: '', masked: true },
      { key: 'MODE', value: 'fast', masked: false },
    ]);
    expect(fromRows(rows)).toEqual({ API_KEY: MASK, MODE: 'fast' });
    expect(fromRows([{ key: 'API_KEY', value: 'new', masked: false }, { key: ' ', value: 'dropped', masked: false }])).toEqual({ API_KEY: 'new' });
  });

  it('finds keys entered twice', () => {
    expect(duplicateKeys([{ key: 'A', value: '', masked: false }, { key: ' A ', value: '', masked: false }, { key: 'B', value: '', masked: false }])).toEqual(['A']);
  });

  it('reads pasted .env lines', () => {
    expect(parseEnvLines('# comment\nexport A=1\nB="two words"\nnot a pair\nC=\'x=y\'')).toEqual([
      { key: 'A', value: '1', masked: false },
      { key: 'B', value: 'two words', masked: false },
      { key: 'C', value: 'x=y', masked: false },
    ]);
  });
});
