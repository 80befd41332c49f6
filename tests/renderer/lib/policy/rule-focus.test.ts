import { describe, expect, it } from 'vitest';
import { ruleTarget } from '../../../../renderer/src/lib/policy/rule-focus.js';

describe('where Open policy lands for a decision rule', () => {
  it('maps every kind of rule the call log records', () => {
    expect(ruleTarget('tools.get-env')).toEqual({ kind: 'tool', key: 'get-env' });
    expect(ruleTarget('tools["odoo.read"]')).toEqual({ kind: 'tool', key: 'odoo.read' });
    expect(ruleTarget('tools.odoo_*', 'odoo_unlink')).toEqual({ kind: 'tool', key: 'odoo_*' });
    expect(ruleTarget('risk.destructive')).toEqual({ kind: 'risk', key: 'destructive' });
    expect(ruleTarget('all_tools.limits[0]')).toEqual({ kind: 'section', key: 'all-tools' });
    expect(ruleTarget('hide[2]', 'secret')).toEqual({ kind: 'tool', key: 'secret' });
    expect(ruleTarget('hide[2]')).toEqual({ kind: 'section', key: 'patterns' });
    expect(ruleTarget('default', 'x')).toEqual({ kind: 'section', key: 'default' });
    expect(ruleTarget('resources.rules["memory://kg"]')).toEqual({ kind: 'json', path: 'resources.rules["memory://kg"]' });
    expect(ruleTarget('sampling')).toEqual({ kind: 'json', path: 'sampling' });
  });
});
