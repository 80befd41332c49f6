import { expect, it } from 'vitest';
import { csvField, csvRow, parseCsv } from '../../../electron/gateway/calllog/csv.js';

it('quotes commas, quotes and line breaks, and parses them back', () => {
  const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '', ' spaced '];
  const row = csvRow(fields);
  expect(row).toBe('plain,"a,b","say ""hi""","two\nlines","cr\r\nlf",, spaced \r\n');
  expect(parseCsv(row + row)).toEqual([fields, fields]);
  expect(() => parseCsv('"open')).toThrow(/quoted/);
});

it('csvField leaves a field with nothing to quote as it is, and quotes a lone CR', () => {
  expect(csvField('a b;c')).toBe('a b;c');
  expect(csvField('a\rb')).toBe('"a\rb"');
  expect(csvField('"')).toBe('""""');
});

it('parseCsv accepts LF and CRLF line ends, and a trailing line break makes no empty row', () => {
  expect(parseCsv('a,b\nc,d\n')).toEqual([['a', 'b'], ['c', 'd']]);
  expect(parseCsv('a,b\r\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
  expect(parseCsv('')).toEqual([]);
});

it('parseCsv keeps empty fields, including a trailing one', () => {
  expect(parseCsv(',a,\r\n')).toEqual([['', 'a', '']]);
  expect(parseCsv('\n')).toEqual([['']]);
});

it('a quote inside an unquoted field is kept as text', () => {
  expect(parseCsv('ab"c,d\r\n')).toEqual([['ab"c', 'd']]);
});
