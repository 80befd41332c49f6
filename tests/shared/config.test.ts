// shared/config.ts is mostly types; its values are the server-id rule and the default settings.
import { expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PINNING_MODES, SERVER_ID_PATTERN } from '../../shared/config.js';
import { parseApiInput } from '../../shared/api-schema.js';

it('a server id is lower-case letters, digits, _ or -, starting with a letter or digit, at most 63', () => {
  for (const id of ['memory', 'a', '0day', 'odoo_prod-2', 'x'.repeat(63)]) expect(SERVER_ID_PATTERN.test(id), id).toBe(true);
  for (const id of ['', 'Memory', '-x', '_x', 'a.b', 'a b', 'a/b', 'x'.repeat(64), 'é']) expect(SERVER_ID_PATTERN.test(id), id).toBe(false);
});

it('the default settings are within what updateSettings accepts, so a reset can be saved back', () => {
  const { store: _store, ...defaults } = DEFAULT_SETTINGS;
  const parsed = parseApiInput('updateSettings', defaults);
  expect(parsed).toEqual({ ok: true, value: defaults });
  expect(PINNING_MODES).toContain(DEFAULT_SETTINGS.pinningDefault);
});

it('the defaults listen on loopback only, with no shared store and no telemetry export', () => {
  expect(DEFAULT_SETTINGS.host).toBe('127.0.0.1');
  expect(DEFAULT_SETTINGS.store).toBeUndefined();
  expect(DEFAULT_SETTINGS.otlpEndpoint).toBe('');
});
