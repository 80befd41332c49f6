// The demo's policy: every rule kind once, picked so that a first minute with the demo shows
// risk classes at work, a denial with its reason, a limit running out, argument checks and
// a call waiting for approval. Tool names are the real Odoo ones the demo server lists.
import type { Policy } from '../../../shared/policy/types.js';

export const DEMO_POLICY: Policy = {
  version: '1',
  description: 'Portcullis demo policy for the demo-odoo server. Reads are allowed, writes wait for your approval, deleting is denied, shell access is hidden, and counting is capped at 3 a minute so you can watch a limit run out. Edit it freely: nothing the demo server does is real.',
  // Anything no rule below matches waits for a person.
  default: 'approve',
  // Removed from tools/list and refused by name: the agent never sees a shell.
  hide: ['ssh_execute', 'git_remote', 'mcp_terminal_*', 'telegram_*'],
  all_tools: { limits: [{ counter: 'all_calls', window: 'minute', max: 60, scope: 'grant' }] },
  tools: {
    odoo_search_read: {
      rate_limit: { max: 20, window: 'minute' },
      require: [{ path: 'args.model', op: 'in', value: ['res.partner', 'sale.order', 'account.move', 'product.product', 'crm.lead'] }],
      deny_if: [{ path: 'args.limit', op: 'gt', value: 200 }],
      reason: 'Agents may read partners, orders, invoices, products and leads, at most 200 records at a time',
    },
    odoo_search_count: {
      limits: [{ counter: 'odoo_counts', window: 'minute', max: 3, scope: 'session' }],
      reason: 'The demo allows 3 counts a minute per session, so you can see a limit run out',
    },
    odoo_create: {
      action: 'approve',
      validate_schema: true,
      deny_if: [{ path: 'args.model', op: 'regex', value: '^(res\\.users|ir\\.)' }],
      reason: 'Creating users or technical records is not allowed for agents',
      approval: { timeout_s: 50 },
    },
    odoo_unlink: { action: 'deny', reason: 'Deleting records is not allowed for agents' },
    odoo_execute: { action: 'approve', approval: { timeout_s: 50 } },
    ai_pipeline_run: {
      limits: [{ counter: 'ai_pipeline_run_rate', window: 'minute', max: 10, scope: 'grant' }],
      require: [{ path: 'args.pipeline', op: 'in', value: ['tokenize', 'refresh'] }],
      deny_if: [{ path: 'args.source_id', op: 'lt', value: 1 }],
      reason: 'Only the tokenize and refresh pipelines may run, on real records, 10 a minute',
    },
    'google_*': { action: 'deny', reason: 'The demo has no Google account connected' },
    'public_access_*': {},
  },
  risk: {
    read: { action: 'allow' },
    write: { action: 'approve', approval: { timeout_s: 50 } },
    execute: { action: 'approve', approval: { timeout_s: 50 } },
    destructive: { action: 'deny', reason: 'Destructive tools are switched off in the demo' },
    financial: { action: 'deny', reason: 'Accounting entries need a person, not an agent' },
  },
  redact: ['password', 'api_key'],
};
