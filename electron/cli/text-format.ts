// Small text helpers for the CLI's tables: one-line summaries, ages, local times.

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}

/** Compact JSON of a value, shortened: `{"path":"/tmp/a","recursive":true}`. */
export function summarize(value: unknown, max: number): string {
  if (value === undefined) return '-';
  return shorten(JSON.stringify(value) ?? String(value), max);
}

/** `45s`, `3m 10s`, `2h 5m`, `3d 4h`; negative durations count as 0. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `2026-11-25 14:03:12`, in the machine's time zone. */
export function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
