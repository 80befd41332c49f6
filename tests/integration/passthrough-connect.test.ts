// The stdio bridge is transparent too: client ⇄ `portcullis connect` (stdio) ⇄ gateway ⇄ stdio upstream.
import { connectStdio } from '../helpers/mcp-client.js';
import { describePassthrough } from '../helpers/passthrough-suite.js';
import { startTestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
import { BIN } from '../helpers/cli.js';

describePassthrough('portcullis connect (stdio bridge)', async () => {
  const app = await startTestApp({ servers: { everything: everythingStdio() }, policies: { everything: { version: '1', default: 'allow' } } });
  const token = await app.grant('bridge');
  return {
    connect: (client) =>
      connectStdio(client, { command: process.execPath, args: [BIN, 'connect', 'everything', '--url', app.app.gateway.url], env: { PORTCULLIS_TOKEN: token }, stderr: 'pipe' }),
    close: () => app.stop(),
  };
});
