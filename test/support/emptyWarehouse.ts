/**
 * An empty warehouse as a first run leaves it before loading anything: every schema file applied, every built-in
 * pipeline's raw table created. test/support/globalSetup.ts builds one per test run; a test's configuration gets a copy
 * as its working warehouse, which a first run would otherwise build from nothing (about a second under load; a copy
 * takes milliseconds).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inject } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import type { Config } from '../../src/core/config.ts';
import { workingPath } from '../../src/run/run.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { ensureRawTable } from '../../src/warehouse/rawTable.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the template built by test/support/globalSetup.ts (absent in projects without it). */
    emptyWarehouse?: string;
  }
}

export async function buildEmptyWarehouse(path: string): Promise<void> {
  const wh = await openWarehouse(path);
  try {
    await migrate(wh.connection);
    for (const pipeline of pipelines) await ensureRawTable(wh.connection, pipeline);
    await wh.connection.run('CHECKPOINT');
  } finally {
    wh.closeSync();
  }
}

/**
 * Gives a configuration that has no warehouse yet (neither published nor working) a copy of the empty one as its
 * working warehouse. Outside vitest, or without the template, the first run builds it from nothing as usual.
 */
export function seedEmptyWarehouse(config: Config): void {
  const template = process.env.VITEST ? inject('emptyWarehouse') : undefined;
  const target = workingPath(config);
  if (!template || existsSync(target) || existsSync(config.warehouse)) return;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(template, target);
}
