// Api: "Try the demo" — the bundled demo server and its policy, ready in one call.
import type { PortcullisApi } from '../../../shared/api.js';
import { installDemo } from '../demo/install-demo.js';
import type { Portcullis } from '../portcullis.js';

export function demoApi(app: Portcullis): Pick<PortcullisApi, 'installDemo'> {
  return {
    async installDemo() {
      const result = await installDemo(app.gateway.config, app.dataDir);
      await app.policies.reload(result.serverId);
      await app.gateway.reconcile();
      return result;
    },
  };
}
