// The Api's event stream: every subscriber sees every event, in order, whatever the others do.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/gateway/event-bus.js';

describe('EventBus', () => {
  it('delivers each event with its payload to every subscriber, in emission order', () => {
    const bus = new EventBus();
    const a: string[] = [];
    const b: string[] = [];
    bus.subscribe((event) => a.push(event));
    bus.subscribe((event, payload) => b.push(`${event}:${JSON.stringify(payload)}`));
    bus.emit('servers-changed', { ids: ['srv'] });
    bus.emit('policy-changed', { serverId: 'srv' });
    expect(a).toEqual(['servers-changed', 'policy-changed']);
    expect(b).toEqual(['servers-changed:{"ids":["srv"]}', 'policy-changed:{"serverId":"srv"}']);
  });

  it('a subscriber that throws does not starve the ones after it', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken window');
    });
    bus.subscribe((event) => seen.push(event));
    expect(() => bus.emit('servers-changed', { ids: ['srv'] })).not.toThrow();
    expect(seen).toEqual(['servers-changed']);
  });

  it('unsubscribing stops delivery and shrinks size', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe((event) => seen.push(event));
    expect(bus.size).toBe(1);
    unsubscribe();
    expect(bus.size).toBe(0);
    bus.emit('servers-changed', { ids: ['srv'] });
    expect(seen).toEqual([]);
  });
});
