// Policy documents shared by the policy tests.

/** The example in DESIGN.md, verbatim. */
export const DESIGN_EXAMPLE = {
  version: '1',
  default: 'deny',
  hide: ['delete_*'],
  all_tools: { limits: [{ counter: 'all', window: 'minute', max: 120, scope: 'grant' }] },
  tools: {
    ai_pipeline_run: {
      limits: [{ counter: 'ai_pipeline_run_rate', window: 'minute', max: 10, scope: 'grant' }],
      require: [{ path: 'args.pipeline', op: 'in', value: ['tokenize', 'refresh'] }],
      deny_if: [{ path: 'args.source_id', op: 'lt', value: 1 }],
      reason: 'Pipelines are rate-capped',
    },
    odoo_unlink: { action: 'deny', reason: 'Deleting records is not allowed for agents' },
    odoo_execute: { action: 'approve', approval: { timeout_s: 120 } },
  },
  risk: { destructive: { action: 'approve' }, read: { action: 'allow' } },
};
