// The risk classifier's rules, as data. Read this file to see why a tool got its class;
// extend it to teach the classifier new words. The engine (classify-tool.ts) is generic.
//
// How a tool is classified:
// 1. Every rule whose `match` hits fires (any one matcher is enough). A rule with
//    `whenAlso` fires only if a rule of one of those classes fired too (money words
//    turn a write into a financial tool; "list invoices" stays a read).
// 2. The class is the most severe class among the fired rules, by CLASS_PRECEDENCE:
//    financial > destructive > execute > write > read. A tool that creates and deletes
//    is destructive. No rule fired → FALLBACK (not read-only, so a write).
// 3. The level starts at the highest level among the fired rules (a rule without a
//    level has its class's BASE_LEVELS), then LEVEL_ADJUSTMENTS apply (hints that
//    lower it count only when the server stated them and nothing contradicts them),
//    then LEVEL_FLOORS. A mismatch (annotations claim read-only or non-destructive,
//    the name or description says otherwise) raises the level one step, to high at least.
//
// Matchers (all case-insensitive, whole words only; any one of them is enough):
// - nameVerbs: the verb of the tool name. Names are split on _ - . and camelCase
//   (`createInvoice`, `odoo_unlink`, `read-file`); the name's verb is its first word that
//   any rule lists as a name verb, plus verbs chained to it by and/or (`search_and_replace`).
//   So `get_workflow_run` reads and `ai_pipeline_run` runs. Exact words: no inflections.
// - nameObjects: words after the name's verb (`create_invoice`, not the `ai_invoice_`
//   namespace of `ai_invoice_plugins_reload`).
// - nameWords: words anywhere in the name (`ssh_execute`, `get_env`).
// - summaryVerbs: verbs that open a clause of the description's first sentence
//   ("Search and read records…", "Safely DELETE…", "Create … or completely overwrite");
//   third-person forms count (deletes, copies). Not when negated ("does not delete").
// - summaryWords: words or phrases anywhere in the first sentence (objects: "invoice").
// - descriptionPhrases: phrases anywhere in the description. Not when negated.
// In phrases, `*` stands for up to two words ("any * method" finds "any model method").
// - schemaFields: input properties (nested ones too) whose name contains these words
//   (`amount` finds `total_amount`; with `whole`, only `amount`), optionally of these JSON types.
// - annotations: hints exactly as the server stated them. Absent hints never match: the
//   spec's defaults (not read-only, destructive, open-world) are the assumption the
//   levels are built on, not evidence. A read-only claim voids destructive/idempotent.
// A rule's `unless` uses the same matchers: when it hits, the rule does not fire.
import type { RiskClass, RiskLevel } from '../../../shared/risk.js';

export type HintName = 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint';

export interface SchemaFieldPattern {
  /** Words of the property name, e.g. 'amount' or 'card number' (matches `cardNumber`, `card_number`). */
  name: string;
  /** JSON Schema types; any type when absent. */
  types?: string[];
  /** The property's whole name, not a part of it: `method`, not `payment_method`. */
  whole?: boolean;
}

export interface RuleMatch {
  nameVerbs?: readonly string[];
  nameObjects?: readonly string[];
  nameWords?: readonly string[];
  summaryVerbs?: readonly string[];
  summaryWords?: readonly string[];
  descriptionPhrases?: readonly string[];
  schemaFields?: readonly SchemaFieldPattern[];
  annotations?: Partial<Record<HintName, boolean>>;
}

export interface RiskRule {
  id: string;
  class: RiskClass;
  /** The level this evidence calls for; default BASE_LEVELS[class]. */
  level?: RiskLevel;
  match: RuleMatch;
  /** When this hits, the rule does not fire ("destroy the web session" is a logout, not data loss). */
  unless?: RuleMatch;
  /** Fires only if a rule of one of these classes fired too. */
  whenAlso?: RiskClass[];
  /** What the evidence means, shown after it: "name contains 'unlink' → destructive: removes or deletes data". */
  reason: string;
}

export const CLASS_PRECEDENCE: readonly RiskClass[] = ['financial', 'destructive', 'execute', 'write', 'read'];

export const BASE_LEVELS: Record<RiskClass, RiskLevel> = {
  read: 'low',
  write: 'medium',
  execute: 'high',
  destructive: 'high',
  financial: 'high',
};

export const LEVEL_FLOORS: Record<RiskClass, RiskLevel> = {
  read: 'low',
  write: 'low',
  execute: 'medium',
  destructive: 'medium',
  financial: 'high',
};

export interface LevelAdjustment {
  id: string;
  /** Applies when every listed hint is stated with this value… */
  hints: Partial<Record<HintName, boolean>>;
  /** …and the tool's class is one of these. */
  classes: RiskClass[];
  /** Steps on the low → critical scale. */
  step: number;
  reason: string;
}

export const LEVEL_ADJUSTMENTS: LevelAdjustment[] = [
  {
    id: 'closed-world',
    hints: { openWorldHint: false },
    classes: ['write', 'execute', 'destructive'],
    step: -1,
    reason: 'its effects stay inside the server (no outside systems)',
  },
  {
    id: 'idempotent-write',
    hints: { idempotentHint: true },
    classes: ['write'],
    step: -1,
    reason: 'repeating a call changes nothing more',
  },
];

export const FALLBACK: { class: RiskClass; level: RiskLevel; reason: string } = {
  class: 'write',
  level: 'medium',
  reason: 'no rule matched and the server does not say it is read-only: assumed to change state',
};

// ---- Word lists (verbs serve both names and descriptions) ----

const READ_VERBS = [
  'get', 'list', 'read', 'search', 'find', 'fetch', 'show', 'view', 'describe', 'count', 'query', 'lookup', 'inspect',
  'check', 'retrieve', 'download', 'export', 'browse', 'preview', 'validate', 'verify', 'print', 'echo', 'compute',
  'calculate', 'extract', 'summarize', 'explain', 'return', 'render', 'ping', 'diff', 'whoami', 'look up',
  'generate * image', 'generate * report', 'generate * preview',
];
/** Nouns of read-only tool names (`odoo_version`, `google_auth_status`). */
const READ_NOUNS = ['info', 'status', 'version', 'details', 'stats', 'summary', 'report', 'tree', 'metadata'];

const WRITE_VERBS = [
  'create', 'add', 'insert', 'update', 'edit', 'modify', 'set', 'write', 'save', 'put', 'patch', 'upload', 'import',
  'rename', 'move', 'copy', 'append', 'replace', 'upsert', 'merge', 'sync', 'push', 'pull', 'assign', 'configure',
  'register', 'enable', 'disable', 'toggle', 'activate', 'deactivate', 'install', 'login', 'logout', 'connect',
  'disconnect', 'authenticate', 'refresh', 'reload', 'schedule', 'flip', 'unarchive', 'cancel', 'subscribe',
  'unsubscribe', 'migrate', 'tokenize', 'approve', 'reject', 'submit', 'restore', 'compress', 'upgrade', 'store',
  'book', 'change', 'archive', 'close', 'commit', 'mark', 'tag', 'comment', 'lock', 'unlock', 'grant',
];
/** Sending things to people or other systems: a write that cannot be taken back. */
const OUTBOUND_VERBS = ['send', 'reply', 'forward', 'publish', 'post', 'notify', 'broadcast', 'share', 'invite', 'email', 'tweet'];

const EXECUTE_VERBS = ['execute', 'exec', 'run', 'invoke', 'call', 'eval', 'launch', 'spawn', 'deploy'];

const DESTRUCTIVE_VERBS = [
  'delete', 'remove', 'unlink', 'destroy', 'drop', 'purge', 'erase', 'wipe', 'truncate', 'clear', 'reset', 'overwrite',
  'kill', 'terminate', 'uninstall', 'revoke', 'discard', 'rm', 'del', 'prune', 'shred', 'evict',
];

const FINANCIAL_VERBS = ['pay', 'payout', 'refund', 'withdraw', 'deposit', 'checkout', 'buy', 'sell', 'trade', 'donate', 'remit', 'charge'];
/** Money things in a tool name, after its verb (`create_invoice`, `update_order`). */
const MONEY_NAME_OBJECTS = [
  'payment', 'payments', 'invoice', 'invoices', 'charge', 'charges', 'transaction', 'transactions', 'transfer',
  'transfers', 'funds', 'money', 'wallet', 'bill', 'bills', 'purchase', 'purchases', 'price', 'prices', 'payout',
  'payouts', 'refund', 'refunds', 'order', 'orders', 'subscription', 'subscriptions',
];
/** Money things in a description's first sentence; only words that rarely mean anything else there. */
const MONEY_SUMMARY_WORDS = [
  'payment', 'payments', 'invoice', 'invoices', 'transaction', 'transactions', 'funds', 'money', 'wallet', 'price',
  'prices', 'refund', 'refunds', 'payout', 'payouts', 'sale order', 'sales order', 'purchase order', 'journal entry',
  'journal entries', 'ledger', 'bank account',
];

// ---- The rules ----

export const RISK_RULES: RiskRule[] = [
  // Annotations: trusted when they raise the risk; when they claim less than the name or
  // description says, the tool is flagged as a mismatch (see classify-tool.ts).
  { id: 'hint-read-only', class: 'read', match: { annotations: { readOnlyHint: true } }, reason: 'the server says it only reads' },
  { id: 'hint-not-read-only', class: 'write', match: { annotations: { readOnlyHint: false } }, reason: 'the server says it changes state' },
  { id: 'hint-destructive', class: 'destructive', match: { annotations: { destructiveHint: true } }, reason: 'the server says it may destroy or overwrite data' },

  // Read
  {
    id: 'read-verbs',
    class: 'read',
    match: { nameVerbs: READ_VERBS, nameWords: READ_NOUNS, summaryVerbs: READ_VERBS },
    reason: 'reads or reports without changing anything',
  },
  {
    id: 'read-secrets',
    class: 'read',
    level: 'high',
    // Only for reads: "Set API credentials" takes a secret, "Get env" hands them out.
    whenAlso: ['read'],
    match: {
      nameWords: ['env', 'secret', 'secrets', 'credential', 'credentials', 'password', 'passwords'],
      summaryWords: ['environment variables', 'secret', 'secrets', 'credentials', 'password', 'api key', 'api keys', 'private key', 'configuration keys'],
    },
    reason: 'may expose secrets',
  },

  // Write
  { id: 'write-verbs', class: 'write', match: { nameVerbs: WRITE_VERBS, summaryVerbs: WRITE_VERBS }, reason: 'changes state' },
  {
    id: 'write-switch',
    class: 'write',
    match: { schemaFields: [{ name: 'dry run', types: ['boolean'] }, { name: 'write back', types: ['boolean'] }] },
    reason: 'has a switch between previewing and writing, so it writes',
  },
  {
    id: 'write-outbound',
    class: 'write',
    level: 'high',
    match: { nameVerbs: OUTBOUND_VERBS, summaryVerbs: OUTBOUND_VERBS },
    reason: 'sends something out to people or systems; it cannot be recalled',
  },

  // Execute
  {
    id: 'execute-verbs',
    class: 'execute',
    match: { nameVerbs: EXECUTE_VERBS, summaryVerbs: EXECUTE_VERBS, descriptionPhrases: ['raw http request', 'raw request'] },
    reason: 'runs code, a command, a workflow or a call the caller chooses',
  },
  {
    id: 'execute-caller-method',
    class: 'execute',
    match: { schemaFields: [{ name: 'method', types: ['string'], whole: true }, { name: 'endpoint', types: ['string'], whole: true }] },
    reason: 'the caller picks which method or endpoint runs',
  },
  {
    id: 'execute-arbitrary',
    class: 'execute',
    level: 'critical',
    match: {
      nameWords: ['shell', 'ssh', 'bash', 'powershell', 'cmd', 'sudo', 'sql', 'terminal command'],
      descriptionPhrases: ['arbitrary', 'any command', 'any * method', 'shell command', 'system command', 'execute code', 'run code', 'execute * sql', 'run * sql', 'on a remote server'],
      schemaFields: [{ name: 'command', types: ['string'] }, { name: 'cmd' }, { name: 'script', types: ['string'] }, { name: 'shell' }, { name: 'sql', types: ['string'] }],
    },
    reason: 'can run arbitrary commands or methods',
  },

  // Destructive
  {
    id: 'destructive-verbs',
    class: 'destructive',
    match: {
      nameVerbs: DESTRUCTIVE_VERBS,
      summaryVerbs: DESTRUCTIVE_VERBS,
      descriptionPhrases: ['permanently delete', 'permanently remove', 'cannot be undone', 'irreversible', 'irreversibly', 'drop table', 'with cascade'],
    },
    // Ending a session or emptying a cache loses no data.
    unless: { descriptionPhrases: ['destroy * session', 'delete * session', 'remove * session', 'clear * cache', 'clear * session'] },
    reason: 'removes, overwrites or destroys data',
  },

  // Financial
  {
    id: 'financial-verbs',
    class: 'financial',
    level: 'critical',
    match: {
      nameVerbs: FINANCIAL_VERBS,
      summaryVerbs: FINANCIAL_VERBS,
      descriptionPhrases: ['transfer funds', 'transfer money', 'send money', 'send a payment', 'make a payment', 'process a payment', 'charge the card', 'charge a card', 'place an order'],
    },
    reason: 'moves money',
  },
  {
    id: 'financial-objects',
    class: 'financial',
    whenAlso: ['write'],
    match: {
      nameObjects: MONEY_NAME_OBJECTS,
      summaryWords: MONEY_SUMMARY_WORDS,
      schemaFields: [
        { name: 'amount', types: ['number', 'integer', 'string'] }, { name: 'price', types: ['number', 'integer', 'string'] },
        { name: 'currency' }, { name: 'iban' }, { name: 'card number' }, { name: 'cvv' }, { name: 'cvc' },
      ],
    },
    reason: 'changes money, prices, orders or accounting records',
  },
];
