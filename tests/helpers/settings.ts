import type { Settings } from '../../shared/config.js';
import type { TestGateway } from '../helpers/gateway.js';

export async function updateSettings(gw: TestGateway, patch: Partial<Settings>): Promise<void> {
  await gw.gateway.config.update((data) => {
    data.settings = { ...data.settings, ...patch };
  });
}
