// The policies behind paths 5a and 5b. 5b is what a busy setup might carry: 1,000 rules
// (exact names and `prefix_*` globs for other tools, a few globs that also match `echo`),
// limits with counters (all tools per minute, echo per hour, both far above what the run
// uses), conditions on echo, default deny. Call logging is always on.

export const ALLOW_ALL_POLICY = { version: '1', default: 'allow' };

export const ECHO_MESSAGE = 'hello bench';

export function realisticPolicy(ruleCount = 1000) {
  const tools = {};
  // Globs that match echo too: an exact rule beats every glob, but the matcher still meets them.
  const echoGlobs = ['e*', 'ec*', 'ech*', 'e*o'];
  for (const glob of echoGlobs) tools[glob] = { action: 'deny', reason: 'Shadowed by the exact echo rule' };
  const services = ['github', 'jira', 'slack', 'gdrive', 'postgres', 'stripe', 'odoo', 'notion', 'linear', 'sentry', 'k8s', 'aws'];
  const verbs = ['list', 'get', 'search', 'create', 'update', 'delete', 'run', 'export'];
  for (let i = 0; Object.keys(tools).length < ruleCount - 1; i++) {
    const service = services[i % services.length];
    const verb = verbs[Math.floor(i / services.length) % verbs.length];
    const n = Math.floor(i / (services.length * verbs.length));
    switch (i % 4) {
      case 0:
        tools[`${service}_${verb}${n}_*`] = { rate_limit: { max: 600, window: 'minute' }, deny_if: [{ path: 'args.path', op: 'regex', value: '^/etc/' }] };
        break;
      case 1:
        tools[`${service}_${verb}_item${n}`] = {
          require: [{ path: 'args.mode', op: 'in', value: ['read', 'write'] }],
          limits: [{ counter: `${service}_spend`, window: 'day', max: 10_000, increment_from: 'args.amount' }],
          reason: 'Needs a mode and stays within the daily spend',
        };
        break;
      case 2:
        tools[`${service}_${verb}_thing${n}`] = { action: verb === 'delete' ? 'approve' : 'allow' };
        break;
      default:
        tools[`${service}_${verb}${n}_admin_*`] = { action: 'deny', reason: 'Admin tools are off limits' };
    }
  }
  tools.echo = {
    require: [{ path: 'args.message', op: 'exists' }],
    deny_if: [{ path: 'args.message', op: 'eq', value: 'forbidden' }],
    limits: [{ counter: 'echo_calls', window: 'hour', max: 1_000_000_000 }],
    reason: 'Echo needs a message, and never the forbidden one',
  };
  return {
    version: '1',
    description: 'Bench 5b: 1,000 rules with globs, limits with counters, conditions',
    default: 'deny',
    hide: ['internal_*', 'debug_*'],
    all_tools: { limits: [{ counter: 'all_calls', window: 'minute', max: 100_000_000, scope: 'grant' }] },
    tools,
    risk: { destructive: { action: 'approve' } },
  };
}
