// Numbers, times and sizes as the UI shows them. Pure: no DOM, no locale surprises
// in tests (times are formatted from the Date's local fields).

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `14:03:07.512`: the log's time column. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `2026-11-25 14:03:07`: full local time for details. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `0.4 ms`, `12 ms`, `1.25 s`, `2 min 5 s`. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** `512 B`, `4.2 kB`, `1.3 MB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** `1,234,567`: thousands separated the same way everywhere. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `just now`, `5 min ago`, `3 h ago`, `2 days ago`, relative to `now` (ms). */
export function formatAgo(iso: string | undefined, now: number): string {
  if (iso === undefined) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  const days = Math.round(s / 86_400);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** `1:05` left until `expiresAt`; `0:00` once passed. */
export function formatCountdown(msLeft: number): string {
  const s = Math.max(0, Math.ceil(msLeft / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Pretty JSON for arguments and schemas; `undefined` shows as nothing at all. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}

/** One line of JSON, cut to `max` characters, for table cells and summaries. */
export function compactJson(value: unknown, max = 120): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A duration in whole seconds as people say it: `45 s`, `1 min`, `2 min 30 s`, `1 h`, `1 day`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const part = (n: number, unit: string) => `${n} ${unit}`;
  if (s < 60) return part(s, 's');
  if (s < 3600) return s % 60 === 0 ? part(s / 60, 'min') : `${part(Math.floor(s / 60), 'min')} ${part(s % 60, 's')}`;
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return minutes === 0 ? part(Math.floor(s / 3600), 'h') : `${part(Math.floor(s / 3600), 'h')} ${part(minutes, 'min')}`;
  }
  const days = Math.floor(s / 86_400);
  return days === 1 ? '1 day' : part(days, 'days');
}
