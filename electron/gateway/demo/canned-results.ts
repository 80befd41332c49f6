// What the demo server answers: plausible JSON for tools that read, "demo: nothing was
// changed" for everything else. Nothing here reaches a real Odoo, mailbox or shell.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DEMO_MODELS, fieldsOf, recordsOf, type DemoRecord } from './sample-records.js';

export type CannedResult = CallToolResult;

// A tool reads when its name ends in one of these (odoo_search_read, google_auth_status…).
const READ_ENDINGS = new Set([
  'search', 'read', 'list', 'get', 'count', 'info', 'status', 'version', 'connections', 'details', 'types', 'download', 'export',
  'report', 'xlsx', 'csv', 'pdf', 'html', 'image', 'barcode', 'home', 'invoices', 'orders', 'purchases', 'tickets', 'shop', 'sitemap',
  'labels', 'events', 'dialogs', 'messages', 'contacts', 'discover', 'query', 'stats', 'inspect', 'pending', 'summary', 'steps', 'check',
  'config', 'similar', 'documents', 'models', 'snippets', 'fields', 'translations',
]);
const READ_NAMES = new Set(['who_am_i']);

export function isReadTool(name: string): boolean {
  return READ_NAMES.has(name) || READ_ENDINGS.has(name.split('_').pop() ?? '');
}

const text = (value: unknown): CannedResult => ({ content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }] });
const str = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);
const num = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

export function cannedResult(name: string, args: Record<string, unknown>): CannedResult {
  if (!isReadTool(name)) return text(`demo: nothing was changed (${name} is a demo tool; a real server would have acted on ${describeTarget(args)})`);
  const model = str(args.model, 'res.partner');
  switch (name) {
    case 'odoo_search_read':
      return text(project(page(recordsOf(model), args), args.fields));
    case 'odoo_search':
      return text(page(recordsOf(model), args).map((r) => r.id));
    case 'odoo_search_count':
      return text(recordsOf(model).length);
    case 'odoo_read': {
      const ids = Array.isArray(args.ids) ? args.ids.filter((id): id is number => typeof id === 'number') : [];
      return text(project(recordsOf(model).filter((r) => ids.includes(r.id)), args.fields));
    }
    case 'odoo_fields_get':
      return text(fieldsOf(model));
    case 'odoo_list_models': {
      const pattern = str(args.pattern, '');
      return text(DEMO_MODELS.filter((m) => m.includes(pattern)).map((m) => ({ model: m, name: m.split('.').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') })));
    }
    case 'odoo_version':
      return text({ server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], protocol_version: 1, demo: true });
    case 'odoo_connections':
    case 'who_am_i':
      return text({ connection: 'default', url: 'https://demo.example.com', database: 'demo', user: 'Mitchell Admin', demo: true });
    default:
      return text({ demo: true, tool: name, result: recordsOf(model).slice(0, 2) });
  }
}

function page(records: DemoRecord[], args: Record<string, unknown>): DemoRecord[] {
  const offset = Math.max(0, num(args.offset, 0));
  return records.slice(offset, offset + Math.max(0, num(args.limit, 80)));
}

function project(records: DemoRecord[], fields: unknown): Record<string, unknown>[] {
  const wanted = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
  if (wanted.length === 0) return records;
  return records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k === 'id' || wanted.includes(k))));
}

function describeTarget(args: Record<string, unknown>): string {
  const model = typeof args.model === 'string' ? args.model : undefined;
  return model ? `${model} records` : 'the demo data';
}
