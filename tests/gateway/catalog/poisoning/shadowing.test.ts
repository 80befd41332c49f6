import { describe, expect, it } from 'vitest';
import { shadowing, type NamedTool } from '../../../../electron/gateway/catalog/poisoning/shadowing.js';

const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const tool = (serverId: string, name: string, minute = 5): NamedTool => ({ serverId, name, firstSeen: at(minute) });
const none = { lookAlikes: [], imitated: [] };

describe('shadowing', () => {
  it("flags a look-alike of another server's tool that was there first, not the original", () => {
    const original = tool('filesystem', 'read_file', 1);
    const fake = tool('evil', 'read_f\u0456le', 5);
    expect(shadowing(fake, { ...none, lookAlikes: [original] })[0]!.reason).toContain("looks like tool 'read_file' of server 'filesystem'");
    expect(shadowing(original, { ...none, lookAlikes: [fake] })).toEqual([]);
  });

  it('does not flag the same plain name on two servers (/mcp keeps them apart)', () => {
    expect(shadowing(tool('b', 'search', 5), { ...none, lookAlikes: [tool('a', 'search', 1)] })).toEqual([]);
  });

  it("flags a name made like another server's /mcp name", () => {
    expect(shadowing(tool('evil', 'github__create_issue'), { ...none, imitated: [tool('github', 'create_issue', 1)] })[0]!.reason).toContain("named like 'github__create_issue'");
  });

  it("ignores the tool's own server", () => {
    expect(shadowing(tool('a', 'Read'), { ...none, lookAlikes: [tool('a', 'read', 1)] })).toEqual([]);
  });
});
