import { describe, expect, test } from 'vitest';
import { RequestTable } from '../../../electron/gateway/util/request-table.js';

describe('RequestTable', () => {
  test('keeps number and string ids apart, as JSON-RPC does', () => {
    const table = new RequestTable<string>();
    table.set(1, 'number one');
    table.set('1', 'string one');
    expect(table.get(1)).toBe('number one');
    expect(table.get('1')).toBe('string one');
    expect(table.size).toBe(2);
    expect(table.delete(1)).toBe(true);
    expect(table.get(1)).toBeUndefined();
    expect(table.get('1')).toBe('string one');
    expect(table.size).toBe(1);
  });

  test('set on an id in flight replaces its value without counting it twice', () => {
    const table = new RequestTable<string>();
    table.set('a', 'first');
    table.set('a', 'second');
    expect(table.get('a')).toBe('second');
    expect(table.size).toBe(1);
  });

  test('delete of an unknown id is false and changes nothing', () => {
    const table = new RequestTable<string>();
    table.set(7, 'x');
    expect(table.delete(8)).toBe(false);
    expect(table.delete('7')).toBe(false);
    expect(table.size).toBe(1);
  });

  test('ids that are Object.prototype names are ordinary ids', () => {
    const table = new RequestTable<string>();
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(table.get(id)).toBeUndefined();
      expect(table.has(id)).toBe(false);
      table.set(id, `v-${id}`);
    }
    expect(table.get('__proto__')).toBe('v-__proto__');
    expect(table.size).toBe(4);
    expect(table.ids().sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  });

  test('get and has answer undefined/false for values that cannot be request ids', () => {
    const table = new RequestTable<string>();
    table.set('[object Object]', 'x');
    expect(table.get({})).toBeUndefined();
    expect(table.get(null)).toBeUndefined();
    expect(table.has(undefined)).toBe(false);
  });

  test('ids() and values() are copies: deleting while walking them is safe', () => {
    const table = new RequestTable<string>();
    table.set(3, 'c');
    table.set(-1.5, 'minus');
    table.set('b', 'bee');
    const ids = table.ids();
    expect(ids).toEqual([3, -1.5, 'b']);
    for (const id of ids) table.delete(id);
    expect(table.size).toBe(0);
    expect(table.values()).toEqual([]);
  });

  test('keeps every entry, in insertion order, across its periodic fresh copies', () => {
    const table = new RequestTable<number>();
    // Like a busy session: each request is answered a few calls after it arrived.
    for (let id = 1; id <= 2000; id++) {
      table.set(id, id * 10);
      if (id > 5) table.delete(id - 5);
    }
    expect(table.size).toBe(5);
    expect(table.entries()).toEqual([1996, 1997, 1998, 1999, 2000].map((id) => [id, id * 10]));
    expect(table.get(1995)).toBeUndefined();
  });

  test('clear() empties both kinds of id', () => {
    const table = new RequestTable<number>();
    table.set(1, 1);
    table.set('x', 2);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(1)).toBeUndefined();
    expect(table.get('x')).toBeUndefined();
  });
});
