// The name lists every client builds from: exactly the contract's methods (as the schemas
// declare them) and its events, each once.
import { expect, it } from 'vitest';
import { API_EVENT_NAMES, API_METHOD_NAMES } from '../../shared/api-names.js';
import { API_METHODS } from '../../shared/api-schema.js';

it('lists every method that has an input schema, each once', () => {
  expect([...API_METHOD_NAMES].sort()).toEqual([...API_METHODS].sort());
  expect(new Set(API_METHOD_NAMES).size).toBe(API_METHOD_NAMES.length);
});

it('lists the live events, each once', () => {
  expect(new Set(API_EVENT_NAMES).size).toBe(API_EVENT_NAMES.length);
  expect(API_EVENT_NAMES).toEqual(expect.arrayContaining(['call-started', 'call-finished', 'approval-requested', 'policy-refused', 'store-changed']));
  for (const name of API_EVENT_NAMES) expect(name).toMatch(/^[a-z]+(-[a-z]+)+$/);
});
