// A session's current tool list: pages, list_changed, and reading it through the gate once
// for every call waiting at the same time.
import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { readToolList, SessionTools, watchToolChanges } from '../../../electron/gateway/session/session-tools.js';
import type { UpstreamChannelOptions } from '../../../electron/gateway/session/upstream-channel.js';

const tool = (name: string): Tool => ({ name, inputSchema: { type: 'object' } });

/** A lister that answers when told to, and counts how often it was asked. */
function deferredLister() {
  const asked: string[] = [];
  let answer: (tools: Tool[]) => void = () => undefined;
  const list = (serverId: string) => {
    asked.push(serverId);
    return new Promise<Tool[]>((resolve) => (answer = resolve));
  };
  return { asked, list, answer: (tools: Tool[]) => answer(tools) };
}

describe('SessionTools', () => {
  it('has nothing fresh before the session has listed, and reads the list once for calls waiting together', async () => {
    const lister = deferredLister();
    const tools = new SessionTools(lister.list);
    expect(tools.fresh('srv')).toBeUndefined();
    const first = tools.current('srv');
    const second = tools.current('srv');
    expect(lister.asked).toEqual(['srv']);
    lister.answer([tool('env')]);
    expect([...(await first)]).toEqual(['env']);
    expect(await second).toBe(await first);
    expect(tools.fresh('srv')?.has('env')).toBe(true);
  });

  it('keeps what the client was shown, page by page; a first page starts over', () => {
    const tools = new SessionTools(async () => []);
    tools.listed('srv', [tool('a')], true);
    tools.listed('srv', [tool('b')], false);
    expect([...tools.fresh('srv')!]).toEqual(['a', 'b']);
    tools.listed('srv', [tool('c')], true);
    expect([...tools.fresh('srv')!]).toEqual(['c']);
  });

  it('reads the list again after list_changed, and stays stale when another arrives while it reads', async () => {
    const lister = deferredLister();
    const tools = new SessionTools(lister.list);
    tools.listed('srv', [tool('a')], true);
    tools.changed('srv');
    expect(tools.fresh('srv')).toBeUndefined();
    const reading = tools.current('srv');
    tools.changed('srv'); // while reading
    lister.answer([tool('b')]);
    expect([...(await reading)]).toEqual(['b']);
    expect(tools.fresh('srv')).toBeUndefined();
    const again = tools.current('srv');
    lister.answer([tool('c')]);
    expect([...(await again)]).toEqual(['c']);
    expect(lister.asked).toEqual(['srv', 'srv']);
  });

  it('reads an empty list again (a session that waited for a sign-in was told there were no tools)', async () => {
    let listings = 0;
    const tools = new SessionTools(async () => (listings++, [tool('a')]));
    tools.listed('srv', [], true);
    expect(tools.fresh('srv')).toBeUndefined();
    expect([...(await tools.current('srv'))]).toEqual(['a']);
    expect(listings).toBe(1);
  });

  it('keeps servers apart (the aggregate endpoint)', () => {
    const tools = new SessionTools(async () => []);
    tools.listed('a', [tool('x')], true);
    tools.listed('b', [tool('y')], true);
    tools.changed('b');
    expect(tools.fresh('a')?.has('x')).toBe(true);
    expect(tools.fresh('b')).toBeUndefined();
  });

  it('fails the waiting calls when reading fails, and reads again next time', async () => {
    let fail = true;
    const tools = new SessionTools(async () => {
      if (fail) throw new Error('upstream gone');
      return [tool('a')];
    });
    await expect(tools.current('srv')).rejects.toThrow('upstream gone');
    fail = false;
    expect([...(await tools.current('srv'))]).toEqual(['a']);
  });
});

describe('readToolList', () => {
  it('reads every page, shows the whole list to the gate, and returns it as listed', async () => {
    const pages: Record<string, Record<string, unknown>> = { '': { tools: [tool('a')], nextCursor: 'p2' }, p2: { tools: [tool('b'), tool('hidden')] } };
    const asked: unknown[] = [];
    const seen: string[][] = [];
    const listed = await readToolList(
      async (params) => {
        asked.push(params);
        return pages[String(params.cursor ?? '')]!;
      },
      (tools) => (seen.push(tools.map((t) => t.name)), tools.filter((t) => t.name !== 'hidden')),
    );
    expect(seen).toEqual([['a', 'b', 'hidden']]);
    expect(listed.map((t) => t.name)).toEqual(['a', 'b', 'hidden']);
    expect(asked).toEqual([{}, { cursor: 'p2' }]);
  });

  it('stops after a bounded number of pages when the cursor never ends', async () => {
    let asked = 0;
    const listed = await readToolList(async () => ({ tools: [tool(`t${asked++}`)], nextCursor: 'again' }), (tools) => tools);
    expect(asked).toBe(100);
    expect(listed).toHaveLength(100);
  });
});

describe('watchToolChanges', () => {
  it('marks the server’s list stale on tools/list_changed and still relays every notification', async () => {
    const relayed: string[] = [];
    const tools = new SessionTools(async () => []);
    tools.listed('srv', [tool('a')], true);
    const options = watchToolChanges(
      { server: { id: 'srv' }, onServerNotification: async (n: { method: string }) => void relayed.push(n.method) } as unknown as UpstreamChannelOptions,
      () => tools,
    );
    await options.onServerNotification({ method: 'notifications/resources/list_changed' });
    expect(tools.fresh('srv')).toBeDefined();
    await options.onServerNotification({ method: 'notifications/tools/list_changed' });
    expect(tools.fresh('srv')).toBeUndefined();
    expect(relayed).toEqual(['notifications/resources/list_changed', 'notifications/tools/list_changed']);
  });
});
