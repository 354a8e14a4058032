import { existsSync } from 'node:fs';
import type { Config } from '../core/config.ts';
import type { Warehouse } from '../warehouse/connection.ts';

/** Runs fn on the published warehouse, opened read-only; a clear error when there is none yet. */
export async function withPublished<T>(
  config: Config,
  fn: (db: Warehouse) => Promise<T>,
  opts: { sealed?: boolean; memoryLimit?: string } = {},
): Promise<T> {
  const { openWarehouse } = await import('../warehouse/connection.ts');
  if (!existsSync(config.warehouse)) {
    throw new Error(`no published warehouse at ${config.warehouse}; run "centinela run" first`);
  }
  const wh = await openWarehouse(config.warehouse, { readOnly: true, ...opts });
  try {
    return await fn(wh);
  } finally {
    wh.closeSync();
  }
}
