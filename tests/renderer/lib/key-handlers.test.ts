// View key handlers: a key press is offered to the newest handler first and stops at the first
// that takes it; unregistering removes only that registration.
import { describe, expect, it } from 'vitest';
import { dispatchKey, registerKeys, type KeyHandler } from '../../../renderer/src/lib/key-handlers.js';

const press = (key: string) => ({ key }) as KeyboardEvent;

describe('key handlers', () => {
  it('offers a key to the newest handler first, and stops at the one that takes it', () => {
    const asked: string[] = [];
    const handler = (name: string, takes: string): KeyHandler => (event) => (asked.push(name), event.key === takes);
    const offOuter = registerKeys(handler('outer', 'j'));
    const offDialog = registerKeys(handler('dialog', 'Escape'));
    expect(dispatchKey(press('Escape'))).toBe(true);
    expect(asked).toEqual(['dialog']);
    expect(dispatchKey(press('j'))).toBe(true);
    expect(asked).toEqual(['dialog', 'dialog', 'outer']);
    expect(dispatchKey(press('q'))).toBe(false);
    offDialog();
    offOuter();
    expect(dispatchKey(press('j'))).toBe(false);
  });

  it('unregistering one of two registrations of the same handler leaves the other; twice is harmless', () => {
    let calls = 0;
    const handler: KeyHandler = () => (calls++, true);
    const first = registerKeys(handler);
    const second = registerKeys(handler);
    first();
    expect(dispatchKey(press('x'))).toBe(true);
    second();
    second();
    expect(dispatchKey(press('x'))).toBe(false);
    expect(calls).toBe(1);
  });
});
