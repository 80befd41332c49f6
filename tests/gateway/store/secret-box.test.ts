import { expect, it } from 'vitest';
import type { UpstreamConfig } from '../../../shared/config.js';
import {
  PLAIN_BOX_KIND,
  PLAIN_BOX_WARNING,
  SEALED_PREFIX,
  SecretBoxError,
  isSealed,
  openUpstreamSecrets,
  plainSecretBox,
  sealUpstreamSecrets,
  type SecretBox,
} from '../../../electron/gateway/store/secret-box.js';

/** A box that seals reversibly (base64 under the prefix), standing in for the OS keychain one. */
const encodingBox: SecretBox = {
  kind: 'test-encoding',
  encrypted: true,
  seal: (plain) => SEALED_PREFIX + Buffer.from(plain).toString('base64'),
  open: (stored) => (isSealed(stored) ? Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64').toString() : stored),
};

const stdio: UpstreamConfig = { transport: 'stdio', command: 'node', args: ['s.js'], env: { TOKEN: 'abc', MODE: 'x' }, cwd: '/w' };
const http: UpstreamConfig = { transport: 'http', url: 'https://h.example/mcp', headers: { Authorization: 'Bearer t' }, oauth: { clientId: 'c' } };

it('isSealed recognises the prefix only at the start', () => {
  expect(isSealed(`${SEALED_PREFIX}abc`)).toBe(true);
  expect(isSealed('abc')).toBe(false);
  expect(isSealed(`x${SEALED_PREFIX}`)).toBe(false);
});

it('the plain box stores values as they are, says it is not encrypted, and warns', () => {
  const box = plainSecretBox();
  expect(box).toMatchObject({ kind: PLAIN_BOX_KIND, encrypted: false, warning: PLAIN_BOX_WARNING });
  expect(box.seal('s3cret')).toBe('s3cret');
  expect(box.open('s3cret')).toBe('s3cret');
  expect(plainSecretBox('custom').warning).toBe('custom');
});

it('the plain box refuses a value sealed by an encrypting box, without showing it', () => {
  const sealed = encodingBox.seal('s3cret');
  const error = (() => {
    try {
      return plainSecretBox().open(sealed);
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(SecretBoxError);
  expect((error as Error).message).toMatch(/encrypted by the Portcullis desktop app/);
  expect((error as Error).message).not.toContain(sealed);
});

it('sealUpstreamSecrets seals every env value of a stdio server and leaves the rest', () => {
  const sealed = sealUpstreamSecrets(stdio, encodingBox);
  expect(sealed).toEqual({ ...stdio, env: { TOKEN: encodingBox.seal('abc'), MODE: encodingBox.seal('x') } });
  expect(stdio.env.TOKEN).toBe('abc'); // the input is not changed
});

it('sealUpstreamSecrets seals every header of an HTTP server, and never seals twice', () => {
  const once = sealUpstreamSecrets(http, encodingBox);
  expect(once).toEqual({ ...http, headers: { Authorization: encodingBox.seal('Bearer t') } });
  expect(sealUpstreamSecrets(once, encodingBox)).toEqual(once);
});

it('openUpstreamSecrets gives the plain values back, for stdio and HTTP', () => {
  expect(openUpstreamSecrets(sealUpstreamSecrets(stdio, encodingBox), encodingBox)).toEqual(stdio);
  expect(openUpstreamSecrets(sealUpstreamSecrets(http, encodingBox), encodingBox)).toEqual(http);
});
