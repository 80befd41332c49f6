// The gateway is transparent: the whole side-by-side suite, direct stdio vs through Portcullis
// (the full app with an allow-all policy, stdio upstream), must come out the same.
import { connectHttp } from '../helpers/mcp-client.js';
import { describePassthrough } from '../helpers/passthrough-suite.js';
import { startTestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';

describePassthrough('Portcullis (stdio upstream, allow-all policy)', async () => {
  const app = await startTestApp({ servers: { everything: everythingStdio() }, policies: { everything: { version: '1', default: 'allow' } } });
  const token = await app.grant('passthrough');
  return {
    connect: (client) => connectHttp(client, app.endpoint('everything'), { Authorization: `Bearer ${token}` }),
    close: () => app.stop(),
  };
});
