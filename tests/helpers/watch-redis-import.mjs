// Preloaded with `node --import` into a gateway under test: prints `LOADED redis <url>` on
// stderr whenever a module of the Redis client (node_modules/redis or @redis/*) is loaded,
// so a test can show the desktop path never loads it. Test-only; never shipped.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => process.stderr.write(`LOADED redis ${url}\n`));
port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/[\\\\/]node_modules[\\\\/](redis|@redis)[\\\\/]/.test(resolved.url)) port.postMessage(resolved.url);
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
