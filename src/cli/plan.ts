/**
 * `run --dry-run`: what a run would do with each source and input, and why, without fetching, loading or writing
 * anything. A bundled or configured file is hashed and looked up in the published warehouse's ledger (the same
 * bytes are skipped); a publisher's endpoint would be fetched, and skipped after if its bytes were loaded before.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Config } from '../core/config.ts';
import type { Pipeline, PipelineInput } from '../core/pipeline.ts';
import { type DataMode, selectInputs } from '../run/run.ts';
import { openWarehouse, queryRows } from '../warehouse/connection.ts';

export interface PlannedInput {
  origin: string;
  action: 'load' | 'skip' | 'fetch';
  reason: string;
}

export interface PlannedSource {
  source: string;
  action: 'load' | 'skip';
  reason: string;
  inputs: PlannedInput[];
}

export async function planRun(
  config: Config,
  pipelines: Pipeline[],
  selected: Set<string>,
  data: DataMode,
  why: (name: string) => string,
  opts: { fullRefresh?: boolean } = {},
): Promise<PlannedSource[]> {
  const loaded = await publishedLoads(config.warehouse);
  return pipelines.map((p) => {
    if (!selected.has(p.name)) return { source: p.name, action: 'skip', reason: why(p.name), inputs: [] };
    const inputs = selectInputs(p, config, data);
    if (inputs.length === 0) {
      return { source: p.name, action: 'skip', reason: `no ${data} inputs (nothing to load)`, inputs: [] };
    }
    const planned = inputs.map((input) => planInput(p.name, input, loaded, opts.fullRefresh ?? false));
    const any = planned.some((i) => i.action !== 'skip');
    return {
      source: p.name,
      action: any ? 'load' : 'skip',
      reason: any
        ? `${planned.filter((i) => i.action !== 'skip').length} input(s) to fetch or load`
        : 'every input was loaded before',
      inputs: planned,
    };
  });
}

function planInput(
  source: string,
  input: PipelineInput,
  loaded: Map<string, { loadId: number; vintage: string }>,
  fullRefresh: boolean,
): PlannedInput {
  if (input.kind !== 'file') {
    const origin =
      input.kind === 'url'
        ? input.url
        : input.kind === 'page_link'
          ? input.pageUrl
          : `${input.baseUrl} (${input.kind}${'datasetId' in input && input.datasetId ? ` ${input.datasetId}` : ''})`;
    return {
      origin,
      action: 'fetch',
      reason: 'would be fetched from the publisher; loaded unless the same bytes were loaded before',
    };
  }
  if (!existsSync(input.path))
    return { origin: input.path, action: 'skip', reason: 'file not found: the run would fail' };
  const raw = readFileSync(input.path);
  const bytes = input.path.endsWith('.gz') ? gunzipSync(raw) : raw;
  const sha = createHash('sha256').update(bytes).digest('hex');
  const prior = loaded.get(`${source}\0${sha}`);
  if (prior && fullRefresh) {
    return {
      origin: input.path,
      action: 'load',
      reason: `loaded again (--full-refresh): the same bytes were loaded before as load ${prior.loadId}`,
    };
  }
  return prior
    ? {
        origin: input.path,
        action: 'skip',
        reason: `the same bytes (sha256 ${sha.slice(0, 12)}…) were loaded before as load ${prior.loadId} (vintage ${prior.vintage})`,
      }
    : { origin: input.path, action: 'load', reason: `new bytes (sha256 ${sha.slice(0, 12)}…)` };
}

async function publishedLoads(path: string): Promise<Map<string, { loadId: number; vintage: string }>> {
  const out = new Map<string, { loadId: number; vintage: string }>();
  if (!existsSync(path)) return out;
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    const rows = await queryRows<{ source: string; sha256: string; load_id: number; vintage: string }>(
      wh.connection,
      "SELECT source, sha256, min(load_id) AS load_id, strftime(min(vintage), '%Y-%m-%d') AS vintage FROM meta.loads WHERE status = 'loaded' GROUP BY ALL",
    );
    for (const r of rows) out.set(`${r.source}\0${r.sha256}`, { loadId: r.load_id, vintage: r.vintage });
  } finally {
    wh.closeSync();
  }
  return out;
}

export function formatPlan(plan: PlannedSource[]): string {
  const lines = ['Dry run: nothing is fetched, loaded or written.', ''];
  for (const s of plan) {
    lines.push(`${s.source}: ${s.action === 'load' ? 'LOAD' : 'skip'}: ${s.reason}`);
    for (const i of s.inputs) lines.push(`  ${i.action.padEnd(5)} ${i.origin}: ${i.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
