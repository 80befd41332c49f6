// One rule's matchers against a tool's features: the evidence comes back in words, each
// piece once, and empty when nothing hit.
import { describe, expect, it } from 'vitest';
import { matchEvidence } from '../../../electron/gateway/catalog/rule-match.js';
import { toolFeatures } from '../../../electron/gateway/catalog/tool-features.js';
import type { ToolListing } from '../../../shared/catalog.js';

const VERBS = new Set(['delete', 'create', 'send', 'get']);
const features = (tool: Partial<ToolListing> & { name: string }) => toolFeatures({ inputSchema: { type: 'object' }, ...tool }, VERBS);

describe('matchEvidence', () => {
  it('is empty when no matcher hits', () => {
    expect(matchEvidence({ nameVerbs: ['delete'], summaryWords: ['invoice'] }, features({ name: 'get_user', description: 'Get a user.' }))).toEqual([]);
  });

  it('words the name evidence once, for verbs, objects and words together', () => {
    const tool = features({ name: 'delete_invoice_delete' });
    expect(matchEvidence({ nameVerbs: ['delete'], nameObjects: ['invoice'], nameWords: ['delete'] }, tool)).toEqual(["name contains 'delete', 'invoice'"]);
  });

  it('says what the description says (a verb) apart from what it mentions (a phrase), and not a negated verb', () => {
    const tool = features({ name: 'tidy', description: 'Deletes old rows from the invoice table. Then writes to the audit log.' });
    expect(matchEvidence({ summaryVerbs: ['delete'], summaryWords: ['invoice'], descriptionPhrases: ['audit log'] }, tool)).toEqual([
      "description says 'deletes'",
      "description mentions 'invoice', 'audit log'",
    ]);
    expect(matchEvidence({ summaryVerbs: ['delete'] }, features({ name: 'x', description: 'Does not delete anything.' }))).toEqual([]);
    expect(matchEvidence({ descriptionPhrases: ['audit log'] }, features({ name: 'x', description: 'Reads rows. Never writes the audit log.' }))).toEqual([]);
  });

  it('matches schema fields by words and type, whole names only where asked, untyped fields always', () => {
    const tool = features({
      name: 'x',
      inputSchema: { type: 'object', properties: { total_amount: { type: 'number' }, amount: { type: 'string' }, note_amount: {} } },
    });
    expect(matchEvidence({ schemaFields: [{ name: 'amount', types: ['number'] }] }, tool)).toEqual([
      "schema field 'total_amount' (number)",
      "schema field 'note_amount'",
    ]);
    // Two patterns naming the same field give one piece of evidence.
    expect(matchEvidence({ schemaFields: [{ name: 'total' }, { name: 'amount', types: ['number'] }] }, tool)).toEqual([
      "schema field 'total_amount' (number)",
      "schema field 'note_amount'",
    ]);
    expect(matchEvidence({ schemaFields: [{ name: 'amount', whole: true }] }, tool)).toEqual(["schema field 'amount' (string)"]);
  });

  it('counts an annotation only when stated with exactly that value', () => {
    const stated = features({ name: 'x', annotations: { destructiveHint: false } });
    expect(matchEvidence({ annotations: { destructiveHint: false } }, stated)).toEqual(['annotation destructiveHint: false']);
    expect(matchEvidence({ annotations: { destructiveHint: true } }, stated)).toEqual([]);
    expect(matchEvidence({ annotations: { destructiveHint: true } }, features({ name: 'x' }))).toEqual([]);
  });
});
