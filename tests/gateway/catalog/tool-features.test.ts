// What the classifier reads in a tool, computed once: the name's verb chain and objects,
// the description's first sentence and full text, every input field, the stated hints.
import { describe, expect, it } from 'vitest';
import { schemaFields, toolFeatures } from '../../../electron/gateway/catalog/tool-features.js';

const VERBS = new Set(['search', 'replace', 'create', 'run']);

describe('toolFeatures', () => {
  it('takes the first known verb of the name, chains verbs joined by and/or, and the words after as objects', () => {
    const f = toolFeatures({ name: 'ai_search_and_replace_text' }, VERBS);
    expect(f.nameWords).toEqual(['ai', 'search', 'and', 'replace', 'text']);
    expect(f.nameVerbs).toEqual(['search', 'replace']);
    expect(f.nameObjects).toEqual(['text']);
  });

  it('does not chain a word after and/or that is not a verb, and has no verb or objects without a known verb', () => {
    expect(toolFeatures({ name: 'createInvoiceAndReceipt' }, VERBS)).toMatchObject({ nameVerbs: ['create'], nameObjects: ['invoice', 'and', 'receipt'] });
    expect(toolFeatures({ name: 'create-or-replace-index' }, VERBS)).toMatchObject({ nameVerbs: ['create', 'replace'], nameObjects: ['index'] });
    expect(toolFeatures({ name: 'pipeline_status' }, VERBS)).toMatchObject({ nameVerbs: [], nameObjects: [] });
  });

  it('splits the first sentence from the full description, and reads no description as empty', () => {
    const f = toolFeatures({ name: 'x', description: 'Runs a job. Then deletes it.' }, VERBS);
    expect(f.summaryTokens).not.toContain('deletes');
    expect(f.descriptionTokens).toContain('deletes');
    expect(toolFeatures({ name: 'x', description: 42 } as never, VERBS)).toMatchObject({ summaryTokens: [], descriptionTokens: [] });
  });

  it('keeps only the hints the server stated', () => {
    expect(toolFeatures({ name: 'x', annotations: { readOnlyHint: true, destructiveHint: true } }, VERBS).hints).toEqual({ readOnlyHint: true });
  });
});

describe('schemaFields', () => {
  it('lists nested properties and array items with their paths, words and types', () => {
    const fields = schemaFields({
      type: 'object',
      properties: {
        payee: { type: 'object', properties: { iban: { type: 'string' } } },
        items: { type: 'array', items: { type: 'object', properties: { unitPrice: { type: ['number', 'null'] } } } },
        anything: true,
      },
    });
    expect(fields).toEqual([
      { path: 'payee', words: ['payee'], types: ['object'] },
      { path: 'payee.iban', words: ['iban'], types: ['string'] },
      { path: 'items', words: ['items'], types: ['array'] },
      { path: 'items[].unitPrice', words: ['unit', 'price'], types: ['number', 'null'] },
      { path: 'anything', words: ['anything'], types: [] },
    ]);
  });

  it('stops at depth 5 and at 500 fields, and reads a non-object schema as no fields', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 9; i >= 0; i--) deep = { type: 'object', properties: { [`l${i}`]: deep } };
    expect(schemaFields(deep).map((f) => f.path.split('.').length)).toEqual([1, 2, 3, 4, 5, 6]);
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}`, { type: 'string' }])) };
    expect(schemaFields(wide)).toHaveLength(500);
    expect(schemaFields(undefined)).toEqual([]);
    expect(schemaFields([{ properties: { a: {} } }])).toEqual([]);
  });
});
