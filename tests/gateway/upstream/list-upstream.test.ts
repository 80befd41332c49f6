// The catalog connection's identity: an ordinary client's, never Portcullis's own.
import { describe, expect, it } from 'vitest';
import { CatalogIdentity, COMMON_CLIENT } from '../../../electron/gateway/upstream/list-upstream.js';

describe('CatalogIdentity', () => {
  it('is a common client until a real one has connected, then the last one seen', () => {
    const identity = new CatalogIdentity();
    expect(identity.current()).toBe(COMMON_CLIENT);
    expect(COMMON_CLIENT.clientInfo.name).not.toMatch(/portcullis/i);
    identity.remember({ name: 'Cursor', version: '1.7.0' });
    identity.remember({ name: 'claude-ai', version: '0.1.0', title: 'Claude' });
    expect(identity.current().clientInfo).toEqual({ name: 'claude-ai', version: '0.1.0', title: 'Claude' });
  });

  it('keeps only the plain fields, and ignores a client that gave no usable name', () => {
    const identity = new CatalogIdentity();
    identity.remember({ name: 'Cursor', version: '1.7.0', extra: { nested: true } } as never);
    identity.remember(undefined);
    identity.remember({ name: 42, version: '1' } as never);
    expect(identity.current().clientInfo).toEqual({ name: 'Cursor', version: '1.7.0' });
  });
});
