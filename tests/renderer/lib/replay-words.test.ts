import { describe, expect, it } from 'vitest';
import { shadowParts } from '../../../renderer/src/lib/replay-words.js';

describe('shadowParts', () => {
  it('finds every shadow rule and limit with its path, in document order', () => {
    const doc = {
      version: '1',
      default: 'allow',
      all_tools: { limits: [{ counter: 'a', window: 'minute', max: 1 }, { counter: 'b', window: 'minute', max: 1, mode: 'shadow' }] },
      tools: { echo: { mode: 'shadow', rate_limit: { max: 1, window: 'minute', mode: 'shadow' } }, 'get-*': { limits: [{ counter: 'c', window: 'hour', max: 1, mode: 'shadow' }] }, x: { mode: 'enforce' } },
      resources: { rules: { 'memory://x': { action: 'deny', mode: 'shadow' } } },
      sampling: { action: 'approve', mode: 'shadow' },
    };
    expect(shadowParts(doc).map((p) => [p.label, p.path])).toEqual([
      ['all_tools.limits[1]', ['all_tools', 'limits', 1]],
      ['tools.echo', ['tools', 'echo']],
      ['tools.echo.rate_limit', ['tools', 'echo', 'rate_limit']],
      ['tools["get-*"].limits[0]', ['tools', 'get-*', 'limits', 0]],
      ['resources.rules["memory://x"]', ['resources', 'rules', 'memory://x']],
      ['sampling', ['sampling']],
    ]);
  });
  it('nothing in a document without shadows, or in something not a document', () => {
    expect(shadowParts({ version: '1', default: 'deny', tools: { a: {} } })).toEqual([]);
    expect(shadowParts('nope')).toEqual([]);
  });
});
