// JSON paths as people read them: `tools.ai_pipeline_run.limits[0].window`,
// `tools["odoo.read"]` for keys that are not plain words.

const PLAIN_KEY = /^[A-Za-z0-9_*$-]+$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (PLAIN_KEY.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** `'minutes'`, `0`, `true`, `null`, `a list`, `an object`: the "got …" part of a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

/** Short JSON for values shown inside messages, e.g. `["tokenize","refresh"]`. */
export function showValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
