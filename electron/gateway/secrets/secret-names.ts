// Which names (argument keys, query parameters, env vars, header names, `name=value` in
// text) hold secrets. One definition for the call log, URLs, text and approvals.
//
// A name is split into lower-case words (`apiKeyId` → api key id, `X-API-KEY` → x api key,
// `GITHUB_TOKEN` → github token). Trailing words that only say how a secret is spelled
// (`value`, `pem`, `b64`, `id` …) are dropped: `client_secret_value`, `private_key_pem` and
// `api_key_id` are secrets. Then the name is secret when
// - its words, run together, end with a secret ending (`dbpassword`, `githubtoken`,
//   `awssecretaccesskey`, also names written as one word such as `apikey`), or
// - its last word is `pass`/`pwd`/`key` on its own or `key` after a word that makes it a
//   credential (`api`, `private`, `signing` …).
// So `keyword`, `monkey`, `passage`, `keys`, `sort_key`, `max_tokens`, `secret_name` and
// `author` stay readable: they are not secrets, and the log needs them.
import { nameWords } from '../../../shared/name-words.js';

const SECRET_ENDINGS = [
  'token', 'password', 'passwd', 'passphrase', 'pwd', 'secret', 'apikey', 'authorization', 'auth',
  'privatekey', 'secretkey', 'accesskey', 'signingkey', 'encryptionkey', 'masterkey', 'sshkey',
  'cookie', 'cookies', 'credential', 'credentials', 'session', 'bearer', 'jwt',
];

/** Spelling words: `client_secret_value` is as secret as `client_secret`. */
const SPELLING_SUFFIXES = new Set([
  'value', 'val', 'pem', 'der', 'b64', 'base64', 'hex', 'raw', 'plain', 'plaintext', 'text', 'str', 'string',
  'data', 'material', 'bytes', 'encoded', 'base', 'id', 'ids',
]);

/** `key` is a credential after one of these (`api_key`, `private-key`); `sort_key` is not. */
const KEY_QUALIFIERS = new Set([
  'api', 'private', 'secret', 'access', 'signing', 'sign', 'encryption', 'master', 'client', 'ssh', 'gpg', 'pgp',
  'license', 'licence', 'auth', 'session', 'shared', 'hmac', 'aes', 'rsa', 'jwt', 'webhook', 'app', 'account', 'service', 'consumer', 'x',
]);

/** Words on their own that are credentials. */
const SECRET_LAST_WORDS = new Set(['pass', 'pwd', 'key']);

/** Lower-case letters and digits only: `x-api-key` and `X_API_KEY` → `xapikey`. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function judge(name: string, extraEndings: readonly string[]): boolean {
  const words = nameWords(name);
  while (words.length > 1 && SPELLING_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  if (words.length === 0) return false;
  const joined = words.join('');
  for (const ending of SECRET_ENDINGS) if (joined.endsWith(ending)) return true;
  for (const ending of extraEndings) if (joined.endsWith(ending) || normaliseName(name).endsWith(ending)) return true;
  const last = words[words.length - 1]!;
  if (!SECRET_LAST_WORDS.has(last)) return false;
  if (last !== 'key' || words.length === 1) return true;
  return KEY_QUALIFIERS.has(words[words.length - 2]!);
}

/** A name test with memory: argument names repeat from call to call, so each is judged once. */
export type SecretNameTest = (name: string) => boolean;

const MEMO_LIMIT = 4096;

/** Builds a name test from the built-in rules plus `extraNames` (a policy's `redact`: matched as endings). */
export function secretNameMatcher(extraNames: readonly string[] = []): SecretNameTest {
  const extra = extraNames.map(normaliseName).filter((n) => n !== '');
  const memo = new Map<string, boolean>();
  return (name) => {
    let verdict = memo.get(name);
    if (verdict === undefined) {
      verdict = judge(name, extra);
      // Bounded: a client that sends random key names cannot grow it without end.
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(name, verdict);
    }
    return verdict;
  };
}

/** The built-in rules. */
export const isSecretName: SecretNameTest = secretNameMatcher();

const matchers = new WeakMap<readonly string[], SecretNameTest>();

/** The test for a policy's extra names; one per list (a policy's list lives as long as the policy). */
export function secretNameMatcherFor(extraNames: readonly string[] | undefined): SecretNameTest {
  if (!extraNames || extraNames.length === 0) return isSecretName;
  let matcher = matchers.get(extraNames);
  if (!matcher) matchers.set(extraNames, (matcher = secretNameMatcher(extraNames)));
  return matcher;
}
