import { describe, expect, test } from 'vitest';
import { NameMap } from '../../../electron/gateway/session/name-map.js';

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

describe('NameMap', () => {
  test('plain names are <server>__<tool> and resolve back', () => {
    const names = new NameMap();
    expect(names.expose('memory', 'create_entities')).toBe('memory__create_entities');
    expect(names.resolve('memory__create_entities')).toEqual({ server: 'memory', name: 'create_entities' });
  });

  test('a collision gets a hash suffix; both resolve to their own origin', () => {
    const names = new NameMap();
    const first = names.expose('a', 'b__c');
    const second = names.expose('a__b', 'c');
    expect(first).toBe('a__b__c');
    expect(second).not.toBe(first);
    expect(second).toMatch(VALID);
    expect(names.resolve(first)).toEqual({ server: 'a', name: 'b__c' });
    expect(names.resolve(second)).toEqual({ server: 'a__b', name: 'c' });
  });

  test('invalid characters and long names become valid, stable and distinct', () => {
    const names = new NameMap();
    const dotted = names.expose('fs', 'read.file');
    const long1 = names.expose('server', 'x'.repeat(80));
    const long2 = names.expose('server', `${'x'.repeat(79)}y`);
    for (const name of [dotted, long1, long2]) expect(name).toMatch(VALID);
    expect(long1).not.toBe(long2);
    expect(names.expose('server', 'x'.repeat(80))).toBe(long1);
    expect(names.resolve(long2)).toEqual({ server: 'server', name: `${'x'.repeat(79)}y` });
  });
});
