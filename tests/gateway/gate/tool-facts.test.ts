// The gate's per-tool facts, read from the real catalog once and cached until it changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Catalog } from '../../../electron/gateway/catalog/catalog.js';
import { CatalogToolFacts } from '../../../electron/gateway/gate/tool-facts.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const temp = useTempDir('portcullis-tool-facts-');
const fetchPage: Tool = { name: 'fetch_page', description: 'Fetch a web page.', inputSchema: { type: 'object', properties: { url: { type: 'string' } } }, annotations: { openWorldHint: true, readOnlyHint: true } };
const postIssue: Tool = { name: 'post_issue', description: 'Open an issue.', inputSchema: { type: 'object' }, annotations: { openWorldHint: true, readOnlyHint: false } };
const sendMail: Tool = { name: 'send_email', description: 'Send an e-mail to a recipient.', inputSchema: { type: 'object' }, annotations: { openWorldHint: true } };
const searchWeb: Tool = { name: 'search_web', description: 'Search the web.', inputSchema: { type: 'object' }, annotations: { openWorldHint: true } };
const localRead: Tool = { name: 'read_note', description: 'Read a note.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };

describe('CatalogToolFacts', () => {
  let catalog: Catalog;
  let facts: CatalogToolFacts;
  beforeEach(async () => {
    catalog = await Catalog.open(temp.path, { saveDelayMs: 10 });
    catalog.sync('srv', { tools: [fetchPage, postIssue, sendMail, searchWeb, localRead] });
    facts = new CatalogToolFacts(catalog);
  });
  afterEach(async () => catalog.close());

  it("gives a catalogued tool's risk and input schema as the catalog has them", () => {
    const entry = catalog.entry('srv', 'fetch_page')!;
    expect(facts.risk('srv', 'fetch_page')).toEqual({ class: entry.class, level: entry.level });
    expect(facts.inputSchema('srv', 'fetch_page')).toEqual(fetchPage.inputSchema);
  });

  it('knows nothing of a tool or server the catalog does not list', () => {
    expect(facts.risk('srv', 'nope')).toBeUndefined();
    expect(facts.inputSchema('other', 'fetch_page')).toBeUndefined();
    expect(facts.openWorldRead('srv', 'nope')).toBe(false);
  });

  it('an open-world read is a tool hinted open-world that only reads; writing to the world or reading locally is not', () => {
    expect(facts.openWorldRead('srv', 'fetch_page')).toBe(true);
    expect(facts.openWorldRead('srv', 'post_issue')).toBe(false);
    expect(facts.openWorldRead('srv', 'read_note')).toBe(false);
  });

  it('without a readOnlyHint, an open-world tool reads untrusted content only if it is classified read', () => {
    expect(catalog.entry('srv', 'search_web')?.class).toBe('read');
    expect(facts.openWorldRead('srv', 'search_web')).toBe(true);
    expect(catalog.entry('srv', 'send_email')?.class).not.toBe('read');
    expect(facts.openWorldRead('srv', 'send_email')).toBe(false);
  });

  it('serves from its cache until the catalog changes, then reads again and counts a generation', () => {
    const before = facts.risk('srv', 'post_issue');
    expect(facts.generation).toBe(0);
    const other = before?.class === 'destructive' ? 'read' : 'destructive';
    catalog.setOverride('srv', 'post_issue', { class: other });
    expect(facts.generation).toBe(1);
    expect(facts.risk('srv', 'post_issue')?.class).toBe(other);
  });

  it("a tool first asked about before it was listed is found once the catalog lists it", () => {
    const late: Tool = { name: 'late', inputSchema: { type: 'object' } };
    expect(facts.risk('srv', 'late')).toBeUndefined();
    catalog.sync('srv', { tools: [fetchPage, postIssue, sendMail, searchWeb, localRead, late] });
    expect(facts.risk('srv', 'late')).toBeDefined();
  });

  it('passes pin verdicts through to the catalog', () => {
    expect(facts.pinVerdict('srv', 'fetch_page', 'block-riskier')).toEqual(catalog.pinVerdict('srv', 'fetch_page', 'block-riskier'));
  });
});
