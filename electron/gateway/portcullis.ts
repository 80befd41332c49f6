// The whole headless application: the gateway plus the services that stand behind its
// CallGate. `portcullis serve` and the Electron main process both start exactly this.
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Gateway } from './gateway.js';

export interface PortcullisOptions {
  dataDir: string;
  port?: number;
  host?: string;
  log?: (message: string) => void;
}

export class Portcullis {
  private constructor(readonly dataDir: string, readonly gateway: Gateway) {}

  static async start(options: PortcullisOptions): Promise<Portcullis> {
    const log = options.log ?? (() => undefined);
    const gateway = await Gateway.start({ dataDir: options.dataDir, port: options.port, host: options.host });
    for (const warning of gateway.config.warnings) log(warning);
    gateway.on('server-status', (s) => {
      if (s.state === 'failed') log(`server '${s.id}' failed: ${s.lastError ?? 'unknown error'}`);
    });
    const app = new Portcullis(options.dataDir, gateway);
    await app.writeRuntimeFile();
    return app;
  }

  /** Lets CLI commands find a running gateway. */
  private async writeRuntimeFile(): Promise<void> {
    const runtime = { pid: process.pid, url: this.gateway.url, port: this.gateway.port, startedAt: new Date().toISOString() };
    await writeFile(path.join(this.dataDir, 'runtime.json'), JSON.stringify(runtime, null, 2) + '\n', { mode: 0o600 });
  }

  async close(): Promise<void> {
    await this.gateway.close();
    await rm(path.join(this.dataDir, 'runtime.json'), { force: true });
  }
}
