// Policy edits drafted from one call (a denied call in the log, or a call waiting for
// approval): "Allow this tool", and "Allow calls like this one", which allows the tool
// only for calls whose arguments equal this call's (exact values for scalars).
import { childPath } from '../../../../shared/policy/json-path.js';
import type { PolicyCondition } from '../../../../shared/policy/types.js';
import { getAt, isObject, pruneEmpty, setAt, type JsonObject } from './policy-draft.js';
import { setToolMode } from './tool-modes.js';

/** What the call log writes in place of a secret: such a value cannot be matched, only required. */
const REDACTED_MARK = '[redacted]';

export type ArgumentPath = readonly (string | number)[];

const samePath = (a: ArgumentPath, b: ArgumentPath) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Conditions that hold for exactly these arguments: `eq` for each scalar and each list, by
 * its path; objects are walked. A secret (at `secretPaths`, or redacted by the call log) is
 * never written into a policy file: it gets `exists` instead.
 */
export function conditionsFromArguments(args: unknown, secretPaths: readonly ArgumentPath[] = []): PolicyCondition[] {
  const out: PolicyCondition[] = [];
  const walk = (value: unknown, path: string, at: (string | number)[]) => {
    if (secretPaths.some((p) => samePath(p, at)) || (typeof value === 'string' && value.includes(REDACTED_MARK))) {
      out.push({ path, op: 'exists' });
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, childPath(path, key), [...at, key]);
    } else {
      out.push({ path, op: 'eq', value });
    }
  };
  if (isObject(args)) for (const [key, value] of Object.entries(args)) walk(value, childPath('args', key), [key]);
  return out;
}

/** What "calls like this one" decides anew; the rest of the tool's rule stays. */
const REPLACED = new Set(['action', 'approval', 'require', 'deny_if']);

/** "Allow this tool": its own rule allows it (keeping its reason), and it is no longer hidden. */
export function allowTool(doc: JsonObject, tool: string): JsonObject {
  return setToolMode(doc, tool, 'allow');
}

/**
 * "Allow calls like this one": the tool's rule allows calls whose arguments equal these
 * and no others (its `require` and `deny_if` are replaced by these conditions; its reason,
 * limits and schema check stay).
 */
export function allowCallsLike(doc: JsonObject, tool: string, args: unknown, secretPaths: readonly ArgumentPath[] = []): JsonObject {
  const unhidden = setToolMode(doc, tool, 'allow');
  const previous = getAt(doc, ['tools', tool]);
  const kept: JsonObject = {};
  if (isObject(previous)) for (const [key, value] of Object.entries(previous)) if (!REPLACED.has(key)) kept[key] = value;
  const require = conditionsFromArguments(args, secretPaths);
  return pruneEmpty(setAt(unhidden, ['tools', tool], { ...kept, ...(require.length > 0 ? { require } : {}) }));
}
