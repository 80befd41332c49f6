// Listed tools hashed once per distinct listing: the same bytes give the remembered hash, and
// the hash is the canonical one (key order does not count), whatever the memo holds.
import { describe, expect, it } from 'vitest';
import { ListingHashes } from '../../../electron/gateway/catalog/listing-hashes.js';
import { definitionOf, hashDefinition } from '../../../electron/gateway/catalog/definition-hash.js';

const tool = { name: 'lookup', description: 'Look up a word.', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } };

describe('ListingHashes', () => {
  it('gives the canonical definition hash, remembered per listing', () => {
    const hashes = new ListingHashes();
    const first = hashes.of(tool);
    expect(first.hash).toBe(hashDefinition(definitionOf(tool)));
    expect(hashes.of(structuredClone(tool))).toBe(first);
    expect(hashes.size).toBe(1);
  });

  it('hashes a listing with its keys in another order the same, and a changed one differently', () => {
    const hashes = new ListingHashes();
    const reordered = { inputSchema: { properties: { word: { type: 'string' } }, type: 'object' }, description: tool.description, name: tool.name };
    expect(hashes.of(reordered).hash).toBe(hashes.of(tool).hash);
    expect(hashes.of({ ...tool, description: 'Look up a word, then delete it.' }).hash).not.toBe(hashes.of(tool).hash);
  });

  it('starts over rather than grow past its bound', () => {
    const hashes = new ListingHashes();
    for (let i = 0; i < 5000; i++) hashes.of({ ...tool, description: `v${i}` });
    expect(hashes.size).toBeLessThanOrEqual(4096);
  });
});
