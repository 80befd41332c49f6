// Identifiers split into lower-case words, whatever their case style: the risk classifier
// reads tool names this way, and the secret-name test reads argument and header names.

/** `createInvoice` → create invoice; `odoo_unlink` → odoo unlink; `X-API-KEY` → x api key; `HTTPRequest` → http request. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}
