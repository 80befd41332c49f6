// Words and finds for the replay and policy-tests panels: how each decision reads, and
// which rules of a draft are in shadow mode (so the window can offer to promote them).
import type { DecisionOutcome } from '../../../shared/policy-replay.js';

export const OUTCOME_WORD: Record<DecisionOutcome, string> = {
  allow: 'allowed',
  deny: 'denied',
  hide: 'hidden',
  approve: 'needs approval',
  'rate-limited': 'rate-limited',
};

export const OUTCOME_TONE: Record<DecisionOutcome, 'ok' | 'deny' | 'muted' | 'warn'> = {
  allow: 'ok',
  deny: 'deny',
  hide: 'muted',
  approve: 'warn',
  'rate-limited': 'deny',
};

export type DocPath = (string | number)[];

export interface ShadowPart {
  /** Where `mode` sits (the rule or limit object). */
  path: DocPath;
  /** `tools.echo`, `tools.echo.limits[0]`, `all_tools.limits[1]`, `sampling`. */
  label: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isShadow = (value: unknown) => isObject(value) && value.mode === 'shadow';

/** Every rule and limit of a policy document that is in shadow mode, in document order. */
export function shadowParts(doc: unknown): ShadowPart[] {
  if (!isObject(doc)) return [];
  const found: ShadowPart[] = [];
  const label = (path: DocPath) => path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : /^[\w-]+$/.test(key) ? `${text}.${key}` : `${text}[${JSON.stringify(key)}]`), '');
  const visitLimits = (list: unknown, path: DocPath) => {
    if (Array.isArray(list)) list.forEach((limit, i) => isShadow(limit) && found.push({ path: [...path, i], label: label([...path, i]) }));
  };
  const visitRule = (rule: unknown, path: DocPath) => {
    if (!isObject(rule)) return;
    if (isShadow(rule)) found.push({ path, label: label(path) });
    visitLimits(rule.limits, [...path, 'limits']);
    if (isShadow(rule.rate_limit)) found.push({ path: [...path, 'rate_limit'], label: label([...path, 'rate_limit']) });
  };
  if (isObject(doc.all_tools)) visitLimits(doc.all_tools.limits, ['all_tools', 'limits']);
  for (const section of ['tools', 'risk'] as const) {
    const rules = doc[section];
    if (isObject(rules)) for (const [key, rule] of Object.entries(rules)) visitRule(rule, [section, key]);
  }
  for (const section of ['resources', 'prompts'] as const) {
    const items = doc[section];
    if (isObject(items) && isObject(items.rules)) for (const [key, rule] of Object.entries(items.rules)) visitRule(rule, [section, 'rules', key]);
  }
  for (const section of ['completion', 'logging', 'sampling', 'elicitation', 'roots']) if (isShadow(doc[section])) found.push({ path: [section], label: section });
  return found;
}

/** Relative ranges offered for a replay: label and milliseconds back (undefined: the whole log). */
export const REPLAY_RANGES: { label: string; ms: number | undefined }[] = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
  { label: 'Whole log', ms: undefined },
];
