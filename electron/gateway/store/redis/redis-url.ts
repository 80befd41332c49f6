// `--store redis://host:port[/db]`: checked once, shown only with its password masked.

export interface RedisTarget {
  /** As given, to connect with (may hold a password: never show it). */
  url: string;
  /** For messages, the UI and `server list`: `redis://:***@host:port/db`. */
  shown: string;
  db: number;
}

export function parseRedisUrl(text: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`store '${maskRedisUrl(text)}' is not a URL; use redis://host:port[/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`store '${maskRedisUrl(text)}' is not a Redis URL; use redis://host:port[/db] (or rediss:// for TLS)`);
  }
  if (!url.hostname) throw new Error(`store '${maskRedisUrl(text)}' names no host; use redis://host:port[/db]`);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new Error(`store '${maskRedisUrl(text)}': '/${dbText}' is not a database number`);
  return { url: text, shown: maskRedisUrl(text), db };
}

/** The URL with any password (and user) masked. */
export function maskRedisUrl(text: string): string {
  return text.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => `${scheme}${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
