// Where in a call's arguments a value looks secret, for the approval window: it shows the
// arguments whole and masks these values until the person chooses to see them.
//
// The same two nets as the call log: every leaf under a secret name (`session`, `password`,
// a policy's `redact` names) and every string with a secret inside (a token, a URL with a
// password). Walked with an explicit stack: arguments arrive from the wire, nested as deep
// as a client likes. Each stack entry links to its parent instead of carrying a copy of its
// path, so the walk is linear in the size of the arguments; a path is spelled out only for a
// value that is found.
import type { ArgumentPath } from '../../../shared/approvals.js';
import { secretNameMatcherFor } from './secret-names.js';
import { hasSecretInText } from './text-secrets.js';

interface Step {
  value: unknown;
  key?: string | number;
  parent?: Step;
  underSecretName: boolean;
}

export function findSecretPaths(args: unknown, extraNames?: readonly string[]): ArgumentPath[] {
  const isSecret = secretNameMatcherFor(extraNames);
  const found: ArgumentPath[] = [];
  const stack: Step[] = [{ value: args, underSecretName: false }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { value, underSecretName } = step;
    if (value === null || value === undefined || typeof value === 'boolean') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: step, underSecretName });
    } else if (typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: step, underSecretName: underSecretName || isSecret(key) });
      }
    } else if (underSecretName ? value !== '' : typeof value === 'string' && hasSecretInText(value, isSecret)) {
      found.push(pathOf(step));
    }
  }
  return found;
}

function pathOf(step: Step): ArgumentPath {
  const path: ArgumentPath = [];
  for (let at: Step | undefined = step; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
