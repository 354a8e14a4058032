/**
 * Writing the report from the published warehouse, and remembering which detection run it showed, so that
 * `centinela status` can count the alarms raised since the last report.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.ts';
import { readReportData } from '../report/data.ts';
import { type ReportProgress, writeReport } from '../report/writeReport.ts';
import { openWarehouse, queryValue } from '../warehouse/connection.ts';

export const REPORT_MANIFEST = 'centinela-report.json';

export interface ReportManifest {
  generatedAt: string;
  warehouse: string;
  /** The detection run (analytics.alerts.run_id) whose verdicts the report shows; null when there were none. */
  detectionRunId: number | null;
  alarms: number;
  demo: boolean;
  files: number;
}

export async function writeReportFromPublished(
  config: Config,
  outDir: string,
  onProgress?: ReportProgress,
): Promise<{ files: string[]; manifest: ReportManifest }> {
  if (!existsSync(config.warehouse)) {
    throw new Error(`no published warehouse at ${config.warehouse}; run "centinela run" first`);
  }
  const wh = await openWarehouse(config.warehouse, { readOnly: true });
  let data: Awaited<ReturnType<typeof readReportData>>;
  let detectionRunId: number | null;
  let alarms: number;
  try {
    data = await readReportData(wh.connection);
    detectionRunId = await queryValue<number | null>(
      wh.connection,
      'SELECT max(run_id) FROM analytics.alerts',
    );
    alarms = await queryValue<number>(
      wh.connection,
      'SELECT count(*) FROM analytics.alerts WHERE alarm AND run_id = (SELECT max(run_id) FROM analytics.alerts)',
    );
  } finally {
    wh.closeSync();
  }
  const { files } = await writeReport(data, outDir, onProgress ? { onProgress } : {});
  const manifest: ReportManifest = {
    generatedAt: new Date().toISOString(),
    warehouse: config.warehouse,
    detectionRunId,
    alarms,
    demo: data.demo,
    files: files.length,
  };
  const path = join(outDir, REPORT_MANIFEST);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, path);
  return { files, manifest };
}

export function readReportManifest(outDir: string): ReportManifest | null {
  try {
    const parsed = JSON.parse(readFileSync(join(outDir, REPORT_MANIFEST), 'utf8')) as ReportManifest;
    return typeof parsed.generatedAt === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
