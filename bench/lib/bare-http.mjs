// The least HTTP an MCP front end can do, shared by the bare responder (path 4) and the bare
// relay (4b): 200 to DELETE, 405 to anything but POST, 400 to a body that is not JSON, 202 to
// a notification; a request goes to `onRequest(message, req, res)`, which answers it.
import http from 'node:http';

export function listenBare(onRequest) {
  const server = http.createServer((req, res) => {
    if (req.method === 'DELETE') return res.writeHead(200).end();
    if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST, DELETE' }).end();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let message;
      try {
        message = JSON.parse(body);
      } catch {
        return res.writeHead(400).end();
      }
      if (message.id === undefined) return res.writeHead(202).end();
      onRequest(message, req, res);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  return server;
}
