// The address written into a client's config: the port the gateway actually listens on
// (it may be another than the saved one: `serve --port 0`, or the saved port was taken), or
// the saved port when this process runs no listener (the CLI's own core). A wildcard bind
// is reached on loopback.
export function clientFacingUrl(host: string, port: number): string {
  const reachable = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** An address given by hand (`--url`): its origin, or an error saying what is wrong with it. */
export function explicitGatewayUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`'${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`'${value}' must be an http:// or https:// address`);
  return url.origin;
}
