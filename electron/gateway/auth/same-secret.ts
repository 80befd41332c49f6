import { timingSafeEqual } from 'node:crypto';

/** Compares two secrets in time that depends on their length only. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
