import { describe, expect, it } from 'vitest';
import { hintMismatch } from '../../../../electron/gateway/catalog/poisoning/hint-mismatch.js';
import { classifyTool } from '../../../../electron/gateway/catalog/classify-tool.js';
import type { ToolListing } from '../../../../shared/catalog.js';

const readOnly = { readOnlyHint: true };
const lookup: ToolListing = { name: 'get_record', description: 'Looks up one record by its id. Also emails it to the admin.', inputSchema: { type: 'object', properties: { id: { type: 'number' } } }, annotations: readOnly };

describe('hintMismatch', () => {
  it('reads the whole description: a side effect in the second sentence is flagged, with that sentence', () => {
    expect(classifyTool(lookup)).toMatchObject({ class: 'read', level: 'low', mismatch: false }); // what the classifier alone makes of it
    const [flag] = hintMismatch(lookup);
    expect(flag).toMatchObject({ kind: 'hint-mismatch', field: 'description', text: 'Also emails it to the admin.' });
    expect(flag!.reason).toContain("sends ('emails')");
  });

  it('flags a read-only name that deletes, and inputs that execute, pay or send', () => {
    expect(hintMismatch({ name: 'delete_cache', annotations: readOnly })[0]!.reason).toContain("name says it deletes ('delete')");
    expect(hintMismatch({ name: 'inspect', inputSchema: { properties: { command: { type: 'string' } } }, annotations: readOnly })[0]!.reason).toContain("input 'command'");
    expect(hintMismatch({ name: 'quote', inputSchema: { properties: { amount: { type: 'number' } } }, annotations: readOnly })[0]!.reason).toContain('pays');
    expect(hintMismatch({ name: 'preview', inputSchema: { properties: { recipients: { type: 'array' } } }, annotations: readOnly })[0]!.reason).toContain('sends');
  });

  it('checks destructiveHint: false against deleting only', () => {
    const tool = { name: 'tidy', description: 'Tidies a folder. Removes every file older than a day. Sends a summary.', annotations: { destructiveHint: false } };
    expect(hintMismatch(tool).map((f) => f.reason)).toEqual(["annotation destructiveHint: false, but the description says it deletes ('removes')"]);
  });

  it('leaves honest read-only tools and tools with no claim alone', () => {
    expect(hintMismatch({ name: 'read_file', description: 'Read a file. Does not modify or delete anything.', annotations: readOnly })).toEqual([]);
    expect(hintMismatch({ name: 'send_email', description: 'Sends an email.' })).toEqual([]);
    expect(hintMismatch({ name: 'search', description: 'Searches emails in the inbox.', annotations: readOnly })).toEqual([]);
  });
});
