// Limit windows: `second|minute|hour|day` or a number of seconds.
import type { LimitWindow, WindowUnit } from './types.js';

export const WINDOW_UNIT_SECONDS: Record<WindowUnit, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

export function windowSeconds(window: LimitWindow): number {
  return typeof window === 'number' ? window : WINDOW_UNIT_SECONDS[window];
}

/** "minute", "hour", "90 s": what follows "per" in a message. */
export function describeWindow(seconds: number): string {
  for (const [unit, length] of Object.entries(WINDOW_UNIT_SECONDS)) if (length === seconds) return unit;
  if (seconds % 86_400 === 0) return `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} s`;
}

/** "42 s", "3 min", "2 h 5 min": how long until a retry, rounded up to whole seconds. */
export function describeDuration(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 120) return `${s} s`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
