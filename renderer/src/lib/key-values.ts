// Env variables and HTTP headers as editable rows. Values come back from the gateway
// masked ('***'); an untouched masked value is sent back as '***', which the Api reads
// as "keep what is stored", so a secret never has to travel to the UI and back.

export const MASK = '***';

export interface KeyValueRow {
  key: string;
  value: string;
  /** The value was masked by the gateway and not retyped. */
  masked: boolean;
}

export function toRows(map: Record<string, string> | undefined): KeyValueRow[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value: value === MASK ? '' : value, masked: value === MASK }));
}

/** The map to send; rows without a key are dropped, masked rows keep the stored value. */
export function fromRows(rows: readonly KeyValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '') continue;
    out[key] = row.masked ? MASK : row.value;
  }
  return out;
}

/** Keys entered twice, which the map would silently collapse. */
export function duplicateKeys(rows: readonly KeyValueRow[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '') continue;
    if (seen.has(key)) dupes.add(key);
    seen.add(key);
  }
  return [...dupes];
}

/** Parses `KEY=value` lines pasted from a .env file. */
export function parseEnvLines(text: string): KeyValueRow[] {
  const rows: KeyValueRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    rows.push({ key: line.slice(0, eq).trim().replace(/^export\s+/, ''), value, masked: false });
  }
  return rows;
}
