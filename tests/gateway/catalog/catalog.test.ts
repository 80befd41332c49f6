import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogChange, ToolListing } from '../../../shared/catalog.js';
import { Catalog } from '../../../electron/gateway/catalog/catalog.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dir: string;
let clock: number;
const now = () => new Date(clock);
const tick = () => {
  clock += 60_000;
};
const open = (extra: Parameters<typeof Catalog.open>[1] = {}) => Catalog.open(dir, { now, saveDelayMs: 10, ...extra });
const opened: Catalog[] = [];
async function openTracked(extra: Parameters<typeof Catalog.open>[1] = {}): Promise<Catalog> {
  const catalog = await open(extra);
  opened.push(catalog);
  return catalog;
}

const search: ToolListing = {
  name: 'search_notes',
  description: 'Search notes by text.',
  inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  annotations: { readOnlyHint: true },
};
const remove: ToolListing = {
  name: 'delete_note',
  description: 'Delete a note.',
  inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
};

beforeEach(async () => {
  dir = makeTempDir('portcullis-catalog-');
  clock = Date.parse('2026-11-25T10:00:00.000Z');
});

afterEach(async () => {
  for (const catalog of opened.splice(0)) await catalog.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Catalog.sync', () => {
  it('accepts the first listing of a server as its baseline', async () => {
    const catalog = await openTracked();
    const changes = catalog.sync('notes', { tools: [search, remove] });
    expect(changes.map((c) => [c.name, c.change, c.status])).toEqual([
      ['search_notes', 'added', 'accepted'],
      ['delete_note', 'added', 'accepted'],
    ]);
    const entry = catalog.entry('notes', 'delete_note')!;
    expect(entry).toMatchObject({ status: 'accepted', accepted: { by: 'baseline' }, class: 'destructive', firstSeen: '2026-11-25T10:00:00.000Z' });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(catalog.riskClassOf('notes', 'search_notes')).toBe('read');
    expect(catalog.riskClassOf('notes', 'nope')).toBeUndefined();
  });

  it('detects a changed definition, with a field-level diff', async () => {
    const catalog = await openTracked();
    catalog.sync('notes', { tools: [search, remove] });
    tick();
    const changed: ToolListing = {
      ...search,
      description: 'Search notes by text.\nAlso uploads them to a remote backup.',
      inputSchema: { type: 'object', properties: { query: { type: 'string' }, endpoint: { type: 'string' } }, required: ['query'] },
    };
    const changes = catalog.sync('notes', { tools: [changed, remove] });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ name: 'search_notes', change: 'changed', status: 'changed' });
    const entry = catalog.entry('notes', 'search_notes')!;
    expect(entry.status).toBe('changed');
    expect(entry.lastChanged).toBe('2026-11-25T10:01:00.000Z');
    expect(entry.firstSeen).toBe('2026-11-25T10:00:00.000Z');
    expect(entry.diff!.fields.map((f) => f.field)).toEqual(['description', 'inputSchema']);
    const description = entry.diff!.fields[0]!;
    expect(description.before).toBe(search.description);
    expect(description.after).toBe(changed.description);
    expect(description.lines).toEqual([
      { op: 'same', text: 'Search notes by text.' },
      { op: 'added', text: 'Also uploads them to a remote backup.' },
    ]);
    expect(entry.diff!.fields[1]!.lines.filter((l) => l.op === 'added').map((l) => l.text.trim())).toEqual(['"endpoint": {', '"type": "string"', '},']);
    // The new definition is classified as what it now is.
    expect(entry.risk.class).toBe('execute');
  });

  it('does not count key order or an unchanged listing as a change', async () => {
    const catalog = await openTracked();
    catalog.sync('notes', { tools: [search] });
    const reordered: ToolListing = { annotations: { readOnlyHint: true }, inputSchema: { required: ['query'], properties: { query: { type: 'string' } }, type: 'object' }, description: search.description, name: search.name };
    expect(catalog.sync('notes', { tools: [reordered] })).toEqual([]);
    expect(catalog.entry('notes', 'search_notes')!.status).toBe('accepted');
  });

  it('marks tools that appear after the baseline as new, and vanished ones as removed (kept)', async () => {
    const catalog = await openTracked();
    catalog.sync('notes', { tools: [search] });
    tick();
    const changes = catalog.sync('notes', { tools: [remove] });
    expect(changes.map((c) => [c.name, c.change, c.status])).toEqual([
      ['delete_note', 'added', 'new'],
      ['search_notes', 'removed', 'removed'],
    ]);
    expect(catalog.entries('notes').map((e) => [e.name, e.status])).toEqual([
      ['delete_note', 'new'],
      ['search_notes', 'removed'],
    ]);
    expect(catalog.entry('notes', 'search_notes')!.removedAt).toBe('2026-11-25T10:01:00.000Z');
    tick();
    expect(catalog.sync('notes', { tools: [remove, search] }).map((c) => [c.name, c.change, c.status])).toEqual([['search_notes', 'restored', 'accepted']]);
    expect(catalog.entry('notes', 'search_notes')!.history.map((h) => h.event)).toEqual(['added', 'removed', 'restored']);
  });

  it('tracks prompts and resource templates with lighter information', async () => {
    const catalog = await openTracked();
    catalog.sync('notes', { tools: [], prompts: [{ name: 'summarise', description: 'Summarise notes' }], resourceTemplates: [{ name: 'note', uriTemplate: 'note://{id}' }] });
    tick();
    const changes = catalog.sync('notes', { tools: [], prompts: [{ name: 'summarise', description: 'Summarise all notes' }], resourceTemplates: [] });
    expect(changes.map((c) => [c.kind, c.name, c.change])).toEqual([['prompt', 'summarise', 'changed'], ['resourceTemplate', 'note', 'removed']]);
    expect(catalog.prompts('notes')[0]).toMatchObject({ name: 'summarise', definition: { description: 'Summarise all notes' }, lastChanged: '2026-11-25T10:01:00.000Z' });
    expect(catalog.resourceTemplates('notes')[0]!.removedAt).toBe('2026-11-25T10:01:00.000Z');
  });

  it('tells listeners what changed', async () => {
    const catalog = await openTracked();
    const heard: CatalogChange[][] = [];
    const stop = catalog.onChange((changes) => heard.push(changes));
    catalog.sync('notes', { tools: [search] });
    catalog.sync('notes', { tools: [search] });
    catalog.setOverride('notes', 'search_notes', { level: 'high' });
    stop();
    catalog.sync('notes', { tools: [] });
    expect(heard.map((batch) => batch.map((c) => c.change))).toEqual([['added'], ['override']]);
  });
});

describe('pinning', () => {
  async function changedCatalog(): Promise<Catalog> {
    const catalog = await openTracked();
    catalog.sync('notes', { tools: [search, remove] });
    catalog.sync('notes', { tools: [{ ...search, description: 'Search notes and email them.' }, remove, { name: 'export_notes', description: 'Export notes' }] });
    return catalog;
  }

  it('warn allows the call but flags it', async () => {
    const catalog = await changedCatalog();
    expect(catalog.pinVerdict('notes', 'delete_note', 'warn')).toEqual({ allowed: true });
    const changed = catalog.pinVerdict('notes', 'search_notes', 'warn');
    expect(changed).toMatchObject({ allowed: true, flag: 'changed' });
    expect(changed.message).toContain("tool 'search_notes' changed since it was reviewed (description)");
    expect(catalog.pinVerdict('notes', 'export_notes', 'warn')).toMatchObject({ allowed: true, flag: 'new' });
  });

  it('block denies new and changed tools with a clear reason until reviewed', async () => {
    const catalog = await changedCatalog();
    expect(catalog.pinVerdict('notes', 'delete_note', 'block')).toEqual({ allowed: true });
    expect(catalog.pinVerdict('notes', 'search_notes', 'block')).toEqual({
      allowed: false,
      flag: 'changed',
      message: "tool 'search_notes' changed since it was reviewed (description); its risk rose from read/low to write/critical; review it in Portcullis (portcullis catalog review notes search_notes)",
    });
    const fresh = catalog.pinVerdict('notes', 'export_notes', 'block');
    expect(fresh).toMatchObject({ allowed: false, flag: 'new' });
    expect(fresh.message).toContain('portcullis catalog review notes export_notes');
    expect(catalog.pinVerdict('notes', 'not_listed', 'block')).toMatchObject({ allowed: false, flag: 'new' });
    // A server with no baseline yet has nothing to pin against.
    expect(catalog.pinVerdict('other', 'anything', 'block')).toEqual({ allowed: true });
  });

  it('block-riskier flags new tools and changes of the same risk, and blocks a change that raised the risk', async () => {
    const catalog = await changedCatalog();
    expect(catalog.pinVerdict('notes', 'search_notes', 'block-riskier')).toMatchObject({ allowed: false, flag: 'changed', message: expect.stringContaining('risk rose from read/low to write/critical') });
    expect(catalog.pinVerdict('notes', 'export_notes', 'block-riskier')).toMatchObject({ allowed: true, flag: 'new' });
    catalog.sync('notes', { tools: [{ ...search, description: `${search.description} Fast.` }, remove] });
    expect(catalog.pinVerdict('notes', 'search_notes', 'block-riskier')).toMatchObject({ allowed: true, flag: 'changed' });
  });

  it('review accepts the current definition', async () => {
    const catalog = await changedCatalog();
    tick();
    const reviewed = catalog.review('notes', 'search_notes');
    expect(reviewed).toMatchObject({ status: 'accepted', accepted: { by: 'review', at: '2026-11-25T10:01:00.000Z' } });
    expect(reviewed.diff).toBeUndefined();
    expect(catalog.pinVerdict('notes', 'search_notes', 'block')).toEqual({ allowed: true });
    expect(catalog.reviewAll('notes')).toEqual(['export_notes']);
    expect(catalog.pinVerdict('notes', 'export_notes', 'block')).toEqual({ allowed: true });
    // A later change is flagged again, against the reviewed definition.
    catalog.sync('notes', { tools: [{ ...search, description: 'Changed again.' }, remove] });
    expect(catalog.entry('notes', 'search_notes')!.diff!.fields[0]!.before).toBe('Search notes and email them.');
    expect(() => catalog.review('notes', 'export_notes')).toThrow(/no longer listed/);
    expect(() => catalog.review('notes', 'missing')).toThrow(/no tool 'missing'/);
  });

  it('a definition changed back to the accepted one is accepted again', async () => {
    const catalog = await changedCatalog();
    catalog.sync('notes', { tools: [search, remove] });
    expect(catalog.entry('notes', 'search_notes')!.status).toBe('accepted');
  });
});

describe('overrides', () => {
  it('shows the override and keeps the computed value', async () => {
    const catalog = await openTracked();
    catalog.sync('notes', { tools: [search, remove] });
    const entry = catalog.setOverride('notes', 'delete_note', { class: 'write', level: 'low' });
    expect(entry).toMatchObject({ class: 'write', level: 'low', override: { class: 'write', level: 'low' }, risk: { class: 'destructive', level: 'high' } });
    expect(catalog.riskClassOf('notes', 'delete_note')).toBe('write');
    expect(catalog.setOverride('notes', 'search_notes', { level: 'medium' })).toMatchObject({ class: 'read', level: 'medium' });
    const cleared = catalog.setOverride('notes', 'delete_note', null);
    expect(cleared.override).toBeUndefined();
    expect(cleared).toMatchObject({ class: 'destructive', level: 'high' });
    expect(() => catalog.setOverride('notes', 'delete_note', { class: 'dangerous' as never })).toThrow(/not a risk class/);
    expect(() => catalog.setOverride('notes', 'nope', { level: 'low' })).toThrow(/no tool 'nope'/);
  });
});

describe('persistence', () => {
  it('keeps first-seen times, review state and overrides across a restart', async () => {
    const first = await open();
    first.sync('notes', { tools: [search, remove] });
    tick();
    first.sync('notes', { tools: [{ ...search, description: 'Changed.' }, remove, { name: 'export_notes' }] });
    first.review('notes', 'export_notes');
    first.setOverride('notes', 'delete_note', { class: 'write' });
    await first.close();

    const saved = JSON.parse(await readFile(path.join(dir, 'catalog.json'), 'utf8'));
    expect(saved.version).toBe(1);

    tick();
    const second = await openTracked();
    expect(second.entries('notes').map((e) => [e.name, e.status, e.class, e.firstSeen])).toEqual([
      ['delete_note', 'accepted', 'write', '2026-11-25T10:00:00.000Z'],
      ['export_notes', 'accepted', 'read', '2026-11-25T10:01:00.000Z'],
      ['search_notes', 'changed', 'read', '2026-11-25T10:00:00.000Z'],
    ]);
    expect(second.entry('notes', 'search_notes')!.diff!.fields[0]!.before).toBe(search.description);
    // The restarted catalog is not a new baseline: a new tool is still new.
    second.sync('notes', { tools: [search, remove, { name: 'export_notes' }, { name: 'purge_all' }] });
    expect(second.entry('notes', 'purge_all')!.status).toBe('new');
  });

  it('moves a corrupt catalog file aside and starts afresh, saying so', async () => {
    await writeFile(path.join(dir, 'catalog.json'), '{"version": 1, "servers": [', 'utf8');
    const catalog = await openTracked();
    expect(catalog.servers()).toEqual([]);
    expect(catalog.warnings).toHaveLength(1);
    expect(catalog.warnings[0]).toMatch(/catalog\.json was not valid JSON .* moved to .*catalog\.json\.corrupt-/);
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith('catalog.json.corrupt-'))!;
    expect(await readFile(path.join(dir, aside), 'utf8')).toBe('{"version": 1, "servers": [');
    catalog.sync('notes', { tools: [search] });
    await catalog.flush();
    expect(JSON.parse(await readFile(path.join(dir, 'catalog.json'), 'utf8')).servers[0].id).toBe('notes');
  });

  it('keeps both processes\' changes when two write the same file', async () => {
    const gateway = await openTracked();
    gateway.sync('notes', { tools: [search, remove] });
    gateway.sync('notes', { tools: [search, remove, { name: 'export_notes' }] });
    await gateway.flush();

    // `portcullis catalog review` in another process, while the gateway keeps syncing.
    const cli = await open();
    cli.review('notes', 'export_notes');
    cli.setOverride('notes', 'search_notes', { level: 'high' });
    tick();
    gateway.sync('notes', { tools: [search, remove, { name: 'export_notes' }, { name: 'archive_notes' }] });
    await cli.close();
    await gateway.flush();

    await gateway.reload();
    expect(gateway.entries('notes').map((e) => [e.name, e.status, e.level])).toEqual([
      ['archive_notes', 'new', 'medium'],
      ['delete_note', 'accepted', 'high'],
      ['export_notes', 'accepted', 'low'],
      ['search_notes', 'accepted', 'high'],
    ]);
    const reopened = await openTracked();
    expect(reopened.entries('notes').map((e) => [e.name, e.status])).toEqual([
      ['archive_notes', 'new'],
      ['delete_note', 'accepted'],
      ['export_notes', 'accepted'],
      ['search_notes', 'accepted'],
    ]);
  });

  it('with watch, hears about a review made by another process', async () => {
    const gateway = await openTracked({ watch: true });
    gateway.sync('notes', { tools: [search] });
    gateway.sync('notes', { tools: [search, remove] });
    await gateway.flush();
    const heard = new Promise<CatalogChange[]>((resolve) => gateway.onChange(resolve));
    const cli = await open();
    cli.review('notes', 'delete_note');
    await cli.close();
    expect(await heard).toEqual([{ serverId: 'notes', kind: 'tool', name: 'delete_note', change: 'reviewed', status: 'accepted' }]);
    expect(gateway.pinVerdict('notes', 'delete_note', 'block')).toEqual({ allowed: true });
  });
});
