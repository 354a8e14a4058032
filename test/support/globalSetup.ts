import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildEmptyWarehouse } from './emptyWarehouse.ts';

/** Builds the empty warehouse test/support/emptyWarehouse.ts copies into each test's working folder. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-template-'));
  const path = join(dir, 'empty.duckdb');
  await buildEmptyWarehouse(path);
  project.provide('emptyWarehouse', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
