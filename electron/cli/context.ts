// What every command shares: the data directory (--data-dir / PORTCULLIS_DATA_DIR) and its config store.
import type { Command } from 'commander';
import { resolveDataDir } from '../gateway/store/data-dir.js';
import { ConfigStore } from '../gateway/store/config-store.js';
import { warn } from './output.js';

export interface DataDirOption {
  dataDir?: string;
}

export function withDataDir(command: Command): Command {
  return command.option('--data-dir <dir>', 'data directory (default: PORTCULLIS_DATA_DIR or the OS app-data folder)');
}

export async function openConfig(options: DataDirOption): Promise<ConfigStore> {
  const store = await ConfigStore.open(resolveDataDir(options.dataDir));
  for (const message of store.warnings) warn(message);
  return store;
}
