// Secrets inside free text (error messages, stderr lines, command lines, URLs, argument
// strings), masked in place so the rest of the text still reads:
//   postgresql://app:***@db/app   https://api.example/v1?api_key=***   Authorization: ***
//   password=***   the password is ***   use *** for the repo (a GitHub token)
//
// Synchronous and cheap, because the call log runs it on every argument string of every
// call: a fixed list of regular expressions, each one linear pass, most of them failing on
// their first characters. The token shapes are the well-known ones that gitleaks and
// secretlint's recommended preset detect (GitHub, GitLab, Slack, Stripe, OpenAI, Anthropic,
// AWS, Google, npm, SendGrid, Shopify, Linear, Hugging Face, 1Password, JWT, PEM private
// keys); tests check this set against secretlint's own verdicts. Names (`api_key=`,
// `--password`, `X-Api-Key:`) are judged by secret-names.ts, the call log's key test.
import { isSecretName, type SecretNameTest } from './secret-names.js';

export const MASK = '***';

/**
 * A rule: group 1 is kept, the rest of the match is the secret. With `named`, group 2 is a
 * name inside group 1 and the match is masked only when that name is a secret's.
 */
interface TextRule {
  pattern: RegExp;
  named?: true;
}

const rules: readonly TextRule[] = [
  // PEM private key blocks, to their end line (or the end of the text when cut).
  { pattern: /(-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----)[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  // URL userinfo: scheme://user:password@host (the password runs to the last @ before the path).
  { pattern: /(\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]+(?=@)/g },
  // Query and matrix parameters: ?api_key=…, &token=…, ;password=…
  { pattern: /([?&;]([A-Za-z0-9_.[\]%-]+)=)[^&;\s#"'<>]+/g, named: true },
  // Authorization header lines: the scheme may say what kind of credential it is, so all of it goes.
  { pattern: /(\b(?:Proxy-)?Authorization["']?\s*[:=]\s*["']?)[^\r\n"']+/gi },
  // name=value, name: value, "name": "value", X-Api-Key: value (JSON in text included).
  { pattern: /(\b([A-Za-z][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*["']?)(?!\/\/)[^\s"',;&}<>]+/g, named: true },
  // Command-line flags: --password hunter2, -token abc. In a quoted command line ('… --token
  // abc': closed) the value ends before the closing quote and what follows it.
  { pattern: /((?:^|\s)--?([A-Za-z][A-Za-z0-9_-]*)[ \t]+)(?!-)(?:\S+?(?=['"][:,;.)]*(?:\s|$))|\S+)/g, named: true },
  // Prose: "the password is hunter2", "API key: …" (the colon form is also caught above).
  { pattern: /(\b(?:password|passphrase|passwd|pwd|secret|token|api[ _-]?key|passcode)[ \t]+(?:is|was|=)[ \t]*:?[ \t]*["']?)[^\s"',;]+/gi },
  // Bearer and Basic credentials (the scheme with them: it is how the old log showed them).
  { pattern: /()\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{16,}=*/gi },
  // Token shapes.
  { pattern: /()\bgh[pousr]_[A-Za-z0-9]{30,}/g }, // GitHub
  { pattern: /()\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { pattern: /()\bglpat-[A-Za-z0-9_-]{20,}/g }, // GitLab
  { pattern: /()\bxox[abposre]-[A-Za-z0-9-]{10,}/g }, // Slack tokens
  { pattern: /(\bhooks\.slack\.com\/(?:services|workflows)\/)[A-Za-z0-9_/+-]{20,}/g }, // Slack webhooks
  { pattern: /()\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g }, // Stripe
  { pattern: /()\bsk-[A-Za-z0-9_-]{20,}/g }, // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-)
  { pattern: /()\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g }, // AWS access key id
  { pattern: /()\bAIza[0-9A-Za-z_-]{35}/g }, // Google API key
  { pattern: /()\bnpm_[A-Za-z0-9]{36}\b/g }, // npm
  { pattern: /()\bSG\.[A-Za-z0-9_-]{20,24}\.[A-Za-z0-9_-]{39,50}/g }, // SendGrid
  { pattern: /()\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g }, // Shopify
  { pattern: /()\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/g }, // Linear
  { pattern: /()\bhf_[A-Za-z]{34}\b/g }, // Hugging Face
  { pattern: /()\bops_eyJ[A-Za-z0-9+/=_-]{20,}/g }, // 1Password service account
  { pattern: /()\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g }, // JWT
];

/**
 * Something at least one rule needs (a superset, case-insensitive): text without any of
 * these, the usual argument value, skips the rules with one failed search.
 */
const TRIGGERS =
  /[:=@]|(?:^|\s)-|-----BEGIN|bearer|basic|pass|pwd|secret|token|api[ _-]?key|gh[pousr]_|github_pat_|glpat-|xox|sk-|sk_|rk_|A3T|AKIA|ASIA|ABIA|ACCA|AIza|npm_|SG\.|shp|lin_|hf_|ops_|eyJ/i;

/** Long runs of key characters, checked one by one for randomness (an AWS secret key in a sentence). */
const LONG_RUN = /[A-Za-z0-9+/=_-]{32,}/g;
const HEX = /^[0-9a-fA-F]+$/;
const BASE64ISH = /^[A-Za-z0-9+/_=-]+$/;

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * One long random-looking token: 32+ hex digits, or 32+ base64 characters mixing cases and
 * digits with high entropy. UUIDs, paths and words do not qualify. (Hex hashes such as git
 * commit ids do: a false positive is cheaper than a leaked key.)
 */
export function looksLikeRandomKey(value: string): boolean {
  if (value.length < 32 || value.length > 4096) return false;
  if (HEX.test(value)) return entropy(value) >= 3;
  if (!BASE64ISH.test(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  return entropy(value) >= 4.2;
}

/** Masks every secret found in `text`; the same string back (not a copy) when there is none. */
export function maskSecretsInText(text: string, mask: string = MASK, isSecret: SecretNameTest = isSecretName): string {
  let out = text;
  if (TRIGGERS.test(text)) out = applyRules(text, mask, isSecret);
  if (out.length >= 32) {
    LONG_RUN.lastIndex = 0;
    if (LONG_RUN.test(out)) {
      LONG_RUN.lastIndex = 0;
      out = out.replace(LONG_RUN, (run) => (looksLikeRandomKey(run) ? mask : run));
    }
  }
  return out;
}

function applyRules(text: string, mask: string, isSecret: SecretNameTest): string {
  let out = text;
  for (const rule of rules) {
    const { pattern } = rule;
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    pattern.lastIndex = 0;
    out = rule.named ? maskNamed(out, pattern, mask, isSecret) : out.replace(pattern, (_match: string, keep: string) => keep + mask);
  }
  return out;
}

/**
 * A named rule by hand: when a name is not a secret's, the search goes on from its value,
 * which may hold the next name (`error: password=hunter2`).
 */
function maskNamed(text: string, pattern: RegExp, mask: string, isSecret: SecretNameTest): string {
  let out = '';
  let copied = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const keep = match[1]!;
    if (isSecret(match[2]!)) {
      out += text.slice(copied, match.index) + keep + mask;
      copied = match.index + match[0].length;
    } else {
      pattern.lastIndex = match.index + keep.length;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** True when `text` holds something maskSecretsInText would mask. */
export function hasSecretInText(text: string, isSecret: SecretNameTest = isSecretName): boolean {
  return maskSecretsInText(text, MASK, isSecret) !== text;
}
