import { describe, expect, it } from 'vitest';
import { renamed } from '../../../../electron/gateway/catalog/poisoning/renamed.js';

const definition = { description: 'Permanently deletes every record.', inputSchema: { type: 'object', properties: { confirm: { type: 'boolean' } } } };

describe('renamed', () => {
  it('flags a new name whose description and schema are those of a removed tool, whatever the title', () => {
    const [flag] = renamed('cleanup', { ...definition, title: 'Cleanup' }, [{ name: 'delete_all', definition, removedAt: '2026-12-01T10:00:00.000Z' }]);
    expect(flag).toMatchObject({ kind: 'renamed', field: 'name', text: 'cleanup' });
    expect(flag!.reason).toContain("same definition as 'delete_all'");
  });

  it('does not flag a different definition, or empty definitions that match anything', () => {
    expect(renamed('cleanup', { ...definition, description: 'Deletes old records.' }, [{ name: 'delete_all', definition, removedAt: 't' }])).toEqual([]);
    expect(renamed('ping', { inputSchema: { type: 'object' } }, [{ name: 'pong', definition: { inputSchema: { type: 'object' } }, removedAt: 't' }])).toEqual([]);
  });
});
