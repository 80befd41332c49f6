// Proves the side-by-side suite: the subject is server-everything's own Streamable HTTP server,
// so every scenario must come out the same as over stdio. The gateway's own run of the suite
// (passthrough-gateway.test.ts) puts Portcullis in between instead.
import { startEverythingHttp } from '../helpers/everything.js';
import type { EverythingHttpServer } from '../helpers/everything.js';
import { connectHttp } from '../helpers/mcp-client.js';
import { describePassthrough } from '../helpers/passthrough-suite.js';

describePassthrough("server-everything's own Streamable HTTP server", async () => {
  const server: EverythingHttpServer = await startEverythingHttp();
  return {
    connect: (client) => connectHttp(client, server.url),
    close: () => server.stop(),
  };
});
