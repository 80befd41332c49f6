// The same suite with a Streamable HTTP upstream: client → Portcullis → server-everything's HTTP server.
import { connectHttp } from '../helpers/mcp-client.js';
import { describePassthrough } from '../helpers/passthrough-suite.js';
import { startEverythingHttp } from '../helpers/everything.js';
import { startTestGateway } from '../helpers/gateway.js';

describePassthrough('Portcullis gateway core (Streamable HTTP upstream)', async () => {
  const upstream = await startEverythingHttp();
  const gw = await startTestGateway({ everything: { transport: 'http', url: String(upstream.url), headers: {} } });
  return {
    connect: (client) => connectHttp(client, gw.endpoint('everything'), gw.headers()),
    async close() {
      await gw.close();
      await upstream.stop();
    },
  };
});
