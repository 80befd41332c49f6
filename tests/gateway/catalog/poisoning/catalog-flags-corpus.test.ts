// The poisoning corpus (tests/fixtures/poisoning/): every poisoned definition must be caught
// by the check it is labelled with, and clean real definitions (three npm servers and the
// Odoo catalog) must stay unflagged. Each definition goes through a real Catalog the way a
// listing does: shadowing after another server's listing, a rename after the old tool's.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEntry, FlagKind, ToolListing } from '../../../../shared/catalog.js';
import { Catalog } from '../../../../electron/gateway/catalog/catalog.js';

interface Poisoned {
  id: string;
  check: FlagKind;
  note: string;
  tool: ToolListing;
  context?: { other?: { id: string; tools: ToolListing[] }; removed?: ToolListing };
}

const read = async (file: string) => JSON.parse(await readFile(path.resolve('tests/fixtures', file), 'utf8'));
let dir: string;
let clock = Date.parse('2026-12-01T10:00:00.000Z');
let poisoned: Poisoned[];
let clean: { server: string; tool: ToolListing }[];
let odoo: ToolListing[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-poison-corpus-'));
  poisoned = (await read('poisoning/poisoned.json')).definitions;
  clean = (await read('poisoning/clean.json')).definitions;
  odoo = await read('odoo-claude-mcp-tools.json');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One catalog per definition, fed as the gateway would: context first, then the tool's own listing. */
async function catalogued(serverId: string, tool: ToolListing, context: Poisoned['context'] = {}): Promise<CatalogEntry> {
  const catalog = await Catalog.open(await mkdtemp(path.join(dir, 'c-')), { now: () => new Date((clock += 60_000)), saveDelayMs: 10 });
  try {
    if (context.other) catalog.sync(context.other.id, { tools: context.other.tools });
    if (context.removed) catalog.sync(serverId, { tools: [context.removed] });
    catalog.sync(serverId, { tools: [tool] });
    return catalog.entry(serverId, tool.name)!;
  } finally {
    await catalog.close();
  }
}

describe('poisoning corpus', () => {
  it('has at least 40 poisoned definitions covering every check, and at least 40 clean real ones', async () => {
    expect(poisoned.length).toBeGreaterThanOrEqual(40);
    expect(new Set(poisoned.map((p) => p.check))).toEqual(new Set(['hidden-content', 'model-instructions', 'confusable-name', 'shadowing', 'renamed', 'hint-mismatch']));
    expect(clean.length + odoo.length).toBeGreaterThanOrEqual(40);
  });

  it('catches every poisoned definition with the check it is labelled with, and raises its risk', async () => {
    const missed: string[] = [];
    const notRaised: string[] = [];
    for (const entry of poisoned) {
      const result = await catalogued('suspect', entry.tool, entry.context);
      if (!result.flags.some((f) => f.kind === entry.check)) missed.push(`${entry.id} (${entry.note}): ${JSON.stringify(result.flags.map((f) => f.kind))}`);
      if (result.level !== 'high' && result.level !== 'critical') notRaised.push(`${entry.id}: ${result.level}`);
      expect(result.flagsReviewed).toBe(false);
    }
    expect(notRaised).toEqual([]);
    const detected = poisoned.length - missed.length;
    console.log(`poisoning corpus: detection ${detected}/${poisoned.length} (${((100 * detected) / poisoned.length).toFixed(1)}%)`);
    expect(missed).toEqual([]);
  });

  it('leaves clean real definitions unflagged: server-everything, -memory, -filesystem and the Odoo catalog', async () => {
    const catalog = await Catalog.open(await mkdtemp(path.join(dir, 'clean-')), { now: () => new Date((clock += 60_000)), saveDelayMs: 10 });
    try {
      const byServer = new Map<string, ToolListing[]>();
      for (const { server, tool } of clean) byServer.set(server, [...(byServer.get(server) ?? []), tool]);
      byServer.set('odoo', odoo);
      const flagged: string[] = [];
      let total = 0;
      for (const [server, tools] of byServer) {
        const id = server.replace(/^@modelcontextprotocol\/|@.*$/g, '').replace(/[^a-z0-9-]/g, '-');
        catalog.sync(id, { tools });
        for (const entry of catalog.entries(id)) {
          total++;
          if (entry.flags.length > 0) flagged.push(`${id}/${entry.name}: ${entry.flags.map((f) => f.reason).join('; ')}`);
        }
      }
      console.log(`poisoning corpus: false positives ${flagged.length}/${total} (${((100 * flagged.length) / total).toFixed(1)}%)`);
      // Aim: none. A documented few would be listed here with the reason they are accepted.
      expect(flagged).toEqual([]);
      expect(total).toBe(36 + 126); // the Odoo fixture lists 141 tools, 126 distinct names
    } finally {
      await catalog.close();
    }
  });
});
