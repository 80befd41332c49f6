// Names on the aggregate endpoint: `<server>__<tool>`, always valid for clients
// (^[a-zA-Z0-9_-]{1,64}$) and never colliding. A name that had to be changed (invalid
// characters, too long, or taken) gets a short hash of its origin as a suffix.
import { createHash } from 'node:crypto';

export const SEPARATOR = '__';
const MAX_LENGTH = 64;
const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

export interface Origin {
  server: string;
  name: string;
}

export class NameMap {
  private readonly byExposed = new Map<string, Origin>();
  private readonly byOrigin = new Map<string, string>();

  /** The exposed name for a server's item (stable for the life of the map). */
  expose(server: string, name: string): string {
    const key = `${server}\u0000${name}`;
    const known = this.byOrigin.get(key);
    if (known) return known;
    const plain = `${server}${SEPARATOR}${name}`;
    let exposed = plain;
    if (!VALID.test(plain) || this.byExposed.has(plain)) {
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
      const cleaned = plain.replace(/[^a-zA-Z0-9_-]/g, '_');
      exposed = `${cleaned.slice(0, MAX_LENGTH - hash.length - 1)}_${hash}`;
    }
    this.byExposed.set(exposed, { server, name });
    this.byOrigin.set(key, exposed);
    return exposed;
  }

  /** Which server's item an exposed name stands for. */
  resolve(exposed: string): Origin | undefined {
    const known = this.byExposed.get(exposed);
    if (known) return known;
    // Not listed yet in this session: a plain `<server>__<name>` still resolves.
    const at = exposed.indexOf(SEPARATOR);
    return at > 0 ? { server: exposed.slice(0, at), name: exposed.slice(at + SEPARATOR.length) } : undefined;
  }
}
