// View-level keyboard handlers: the view on screen registers one while mounted; the
// window's handler offers each key press (not typed into a field) to the newest first.

export type KeyHandler = (event: KeyboardEvent) => boolean;

const handlers: KeyHandler[] = [];

/** Returns the unregister function (so `$effect(() => registerKeys(fn))` cleans up). */
export function registerKeys(handler: KeyHandler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.lastIndexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** True when some view handled the key. */
export function dispatchKey(event: KeyboardEvent): boolean {
  for (let i = handlers.length - 1; i >= 0; i--) if (handlers[i]?.(event)) return true;
  return false;
}
