import { describe, expect, it } from 'vitest';
import { toolTexts } from '../../../../electron/gateway/catalog/poisoning/tool-texts.js';

describe('toolTexts', () => {
  it('lists every text a model reads, with where it sits', () => {
    const texts = toolTexts({
      name: 'search',
      title: 'Search',
      description: 'Searches.',
      annotations: { title: 'Search tool', readOnlyHint: true },
      inputSchema: {
        type: 'object',
        pattern: '[A-Za-z0-9+/]{40,}',
        properties: {
          query: { type: 'string', description: 'What to find', default: 'all', examples: ['x'] },
          mode: { enum: ['fast', 'slow'] },
          nested: { type: 'object', properties: { deep: { description: 'Deep one' } } },
        },
      },
    });
    expect(texts).toEqual([
      { field: 'name', text: 'search' },
      { field: 'title', text: 'Search' },
      { field: 'description', text: 'Searches.' },
      { field: 'annotations.title', text: 'Search tool' },
      { field: 'inputSchema.properties.query', text: 'query' },
      { field: 'inputSchema.properties.query.description', text: 'What to find' },
      { field: 'inputSchema.properties.query.default', text: 'all' },
      { field: 'inputSchema.properties.query.examples[0]', text: 'x' },
      { field: 'inputSchema.properties.mode', text: 'mode' },
      { field: 'inputSchema.properties.mode.enum[0]', text: 'fast' },
      { field: 'inputSchema.properties.mode.enum[1]', text: 'slow' },
      { field: 'inputSchema.properties.nested', text: 'nested' },
      { field: 'inputSchema.properties.nested.properties.deep', text: 'deep' },
      { field: 'inputSchema.properties.nested.properties.deep.description', text: 'Deep one' },
    ]);
  });
});
